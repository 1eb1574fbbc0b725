using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GraphNav.Torch.Tests;

/// <summary>
/// TorchSharp as a second referee beside finite differences: on the same weights and batch, the
/// engine and <see cref="TorchGpt"/> (both float32) agree on the logits (≤ 1e-5 absolute), the loss
/// (≤ 1e-5 relative), every parameter's gradient (max |Δ| ≤ 1e-4 × the tensor's max |gradient|),
/// and the weights after 3 AdamW steps of the two trainers (≤ 1e-5 absolute, a hundredth of one step
/// at the test's learning rate 1e-3, so a wrong update rule, schedule, clip or decay split fails;
/// key biases, whose true gradient is exactly zero, are bounded separately, see the test).
/// </summary>
public class CrossCheckTests
{
    private static IEnumerable<CrossCheckCase> Cases() => CrossCheckCase.All();

    // A 1-logit head's cross-entropy is 0 with zero gradient: only its forward is compared.
    private static IEnumerable<CrossCheckCase> TrainableCases() => CrossCheckCase.All().Where(c => c.Config.OutputWidth > 1);

    /// <summary>Marks the entries of qkvb that are key biases (rows C…2C of every layer's [3C]).</summary>
    private static bool[] KeyBiasMask(GptParameters parameters)
    {
        var mask = new bool[parameters.Data.Length];
        var qkvb = parameters.Qkvb;
        int c3 = qkvb.Shape[1], c = c3 / 3;
        for (int l = 0; l < qkvb.Shape[0]; l++)
            for (int i = c; i < 2 * c; i++) mask[qkvb.Offset + l * c3 + i] = true;
        return mask;
    }

    [TestCaseSource(nameof(Cases))]
    public void Logits_and_loss_match_the_engine(CrossCheckCase c)
    {
        var engine = c.EngineModel();
        var (ids, targets) = c.Data(0);
        int b = c.Batch, t = c.Config.ContextLength;
        float engineLoss = c.Targets is { } m ? engine.Forward(ids, targets, b, t, m) : engine.Forward(ids, targets, b, t);
        float[] engineLogits = engine.LastLogits.ToArray();

        using var model = new TorchGpt(c.Config);
        model.CopyFrom(engine.Parameters);
        using var scope = NewDisposeScope();
        using var idTensor = tensor(ids.Select(i => (long)i).ToArray(), [b, t]);
        float[] torchLogits = model.forward(idTensor).data<float>().ToArray();
        float torchLoss = TorchTrainer.Loss(model, ids, targets, b, t, c.Targets).item<float>();

        float worst = torchLogits.Zip(engineLogits, (x, y) => Math.Abs(x - y)).Max();
        TestContext.Out.WriteLine($"{c.Name}: max |Δ logit| = {worst:E2}; loss engine {engineLoss:R}, torch {torchLoss:R}");
        Assert.That(worst, Is.LessThanOrEqualTo(1e-5f));
        Assert.That(torchLoss, Is.EqualTo(engineLoss).Within(1e-5 * Math.Max(1, Math.Abs(engineLoss))));
    }

    [TestCaseSource(nameof(TrainableCases))]
    public void Every_parameter_gradient_matches_the_engine(CrossCheckCase c)
    {
        var engine = c.EngineModel();
        var (ids, targets) = c.Data(0);
        int b = c.Batch, t = c.Config.ContextLength;
        if (c.Targets is { } m) engine.Forward(ids, targets, b, t, m);
        else engine.Forward(ids, targets, b, t);
        engine.ZeroGrad();
        engine.Backward();

        using var model = new TorchGpt(c.Config);
        model.CopyFrom(engine.Parameters);
        using var scope = NewDisposeScope();
        TorchTrainer.Loss(model, ids, targets, b, t, c.Targets).backward();
        int compared = 0;
        foreach (var (name, parameter) in model.Named())
        {
            float[] expected = engine.Gradients.Find(name)!.Value.Span.ToArray();
            float[] actual = parameter.grad!.data<float>().ToArray();
            float scale = expected.Max(Math.Abs);
            float worst = actual.Zip(expected, (x, y) => Math.Abs(x - y)).Max();
            TestContext.Out.WriteLine($"{c.Name}: {name} max |grad| {scale:E2}, max |Δ| {worst:E2}");
            if (scale == 0)
                Assert.That(worst, Is.Zero, $"{name}: the engine's gradient is zero, torch's is not");
            else
                Assert.That(worst, Is.LessThanOrEqualTo(1e-4f * scale), $"gradient of {name}");
            compared++;
        }
        Assert.That(compared, Is.EqualTo(engine.Parameters.All.Count), "every engine tensor has a torch twin");
    }

    [TestCaseSource(nameof(TrainableCases))]
    public void Weights_after_three_AdamW_steps_match_the_engine(CrossCheckCase c)
    {
        // Warmup 1 and 3 steps: steps 1–3 see lr 1e-3, then cosine values; clipping at 0.5 is active.
        var config = new TrainingConfig
        {
            Steps = 3, BatchSize = c.Batch, LearningRate = 1e-3f, MinLearningRate = 1e-4f, WarmupSteps = 1,
            WeightDecay = 0.1f, GradClip = 0.5f, Threads = 1,
        };
        var engine = c.EngineModel();
        using var model = new TorchGpt(c.Config);
        model.CopyFrom(engine.Parameters);
        float[] start = (float[])engine.Parameters.Data.Clone();
        using var torchTrainer = new TorchTrainer(model, config, c.Targets, taskLoss: c.Targets is null);
        AdamW optimizer;
        if (c.Targets is { } m)
        {
            var mimic = new Trainer(engine, config, TrainingLosses.AttentionMimic(m));
            for (int step = 0; step < 3; step++) mimic.TrainStep(c.Data(step).Ids, c.Data(step).Targets);
            optimizer = mimic.Optimizer;
        }
        else
        {
            var trainer = new Trainer(engine, config);
            for (int step = 0; step < 3; step++) trainer.TrainStep(c.Data(step).Ids, c.Data(step).Targets);
            optimizer = trainer.Optimizer;
        }
        for (int step = 0; step < 3; step++) torchTrainer.TrainStep(c.Data(step).Ids, c.Data(step).Targets);

        var after = new GptParameters(c.Config);
        model.CopyTo(after);
        float worst = 0, worstKeyBias = 0, moved = 0;
        bool[] keyBias = KeyBiasMask(after);
        for (int i = 0; i < after.Data.Length; i++)
        {
            float delta = Math.Abs(after.Data[i] - engine.Parameters.Data[i]);
            if (keyBias[i]) worstKeyBias = Math.Max(worstKeyBias, delta);
            else worst = Math.Max(worst, delta);
            moved = Math.Max(moved, Math.Abs(engine.Parameters.Data[i] - start[i]));
        }
        TestContext.Out.WriteLine($"{c.Name}: max |Δ weight| after 3 steps {worst:E2}, key biases {worstKeyBias:E2} (largest move {moved:E2})");
        Assert.That(moved, Is.GreaterThan(1e-3f), "the steps moved the weights");
        Assert.That(worst, Is.LessThanOrEqualTo(1e-5f));
        // The key bias's true gradient is exactly 0 (adding q·b_k to every score of a row leaves the
        // softmax unchanged), so both sides step on float rounding noise, which Adam normalises to
        // steps of up to about lr each: bounded by 3 steps × lr 1e-3, not compared bit for bit.
        Assert.That(worstKeyBias, Is.LessThanOrEqualTo(3 * config.LearningRate));

        // The moments a checkpoint stores: same layout and values (relative to each moment's largest
        // entry, key biases aside for the reason above).
        float[] m1 = new float[after.Data.Length], m2 = new float[after.Data.Length];
        torchTrainer.CopyMoments(after, m1, m2);
        foreach (var (torchMoment, engineMoment, label) in new[] { (m1, optimizer.M, "first"), (m2, optimizer.V, "second") })
        {
            float scale = engineMoment.Max(Math.Abs), worstMoment = 0;
            for (int i = 0; i < engineMoment.Length; i++)
                if (!keyBias[i]) worstMoment = Math.Max(worstMoment, Math.Abs(torchMoment[i] - engineMoment[i]));
            Assert.That(worstMoment, Is.LessThanOrEqualTo(1e-4f * scale), $"{label} moments");
        }
    }
}
