using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Models.Tests;

public class OptimizerTests
{
    private static readonly TrainingConfig Schedule = new()
    {
        Steps = 1000, WarmupSteps = 100, LearningRate = 1e-3f, MinLearningRate = 1e-4f,
    };

    [TestCase(0, 1e-5)]          // first warmup step: lr·1/100
    [TestCase(49, 5e-4)]         // lr·50/100
    [TestCase(99, 1e-3)]         // end of warmup: peak
    [TestCase(100, 1e-3)]        // cosine start: coefficient 1
    [TestCase(550, 5.5e-4)]      // half-way through the decay: min + ½(max − min)
    [TestCase(1000, 1e-4)]       // end: floor
    [TestCase(5000, 1e-4)]       // beyond: floor
    public void Schedule_has_the_expected_value_at_key_steps(int step, double expected) =>
        Assert.That(LearningRateSchedule.At(step, Schedule), Is.EqualTo(expected).Within(1e-9));

    [TestCase(0, 1e-5)]          // warmup as with cosine
    [TestCase(99, 1e-3)]         // end of warmup: peak
    [TestCase(100, 1e-3)]        // held
    [TestCase(550, 1e-3)]        // half-way: still the peak, not min + ½(max − min)
    [TestCase(999, 1e-3)]        // last step
    [TestCase(5000, 1e-3)]       // beyond the last step (resumed with more steps): still the peak
    public void Constant_schedule_holds_the_peak_after_warmup(int step, double expected) =>
        Assert.That(LearningRateSchedule.At(step, Schedule with { Decay = LearningRateDecay.Constant }), Is.EqualTo(expected).Within(1e-9));

    [Test]
    public void Cosine_default_is_left_out_of_the_json_and_constant_is_named()
    {
        Assert.That(System.Text.Json.JsonSerializer.Serialize(Schedule), Does.Not.Contain("\"Decay\""));
        Assert.That(System.Text.Json.JsonSerializer.Serialize(Schedule with { Decay = LearningRateDecay.Constant }), Does.Contain("\"Decay\":\"Constant\""));
    }

    [Test]
    public void AdamW_step_matches_a_hand_computed_example()
    {
        // A one-layer attention-only model: check a decayed matrix (qkvw) and an undecayed bias.
        var config = new GptConfig { VocabSize = 3, ContextLength = 2, Layers = 1, Heads = 1, Channels = 2, UseMlp = false }.Validated();
        var parameters = new GptParameters(config);
        var grads = new GptParameters(config);
        parameters.Qkvw.Span[0] = 0.5f;
        parameters.Qkvb.Span[0] = 0.5f;
        grads.Qkvw.Span[0] = 0.2f;
        grads.Qkvb.Span[0] = 0.2f;
        var training = new TrainingConfig { WeightDecay = 0.1f, Beta1 = 0.9f, Beta2 = 0.99f, Epsilon = 1e-8f };
        var adam = new AdamW(parameters);
        adam.Step(grads, 0.01f, training);
        adam.Step(grads, 0.01f, training);
        // By hand, t=1: m = 0.02, v = 0.0004, m̂ = 0.2, v̂ = 0.04, update = 0.2/0.2 = 1 (ε negligible).
        // decayed: p = 0.5 − 0.01·0.1·0.5 − 0.01·1 = 0.4895; bias: p = 0.5 − 0.01 = 0.49.
        // t=2: m = 0.038, v = 0.000796, m̂ = 0.038/0.19 = 0.2, v̂ = 0.000796/0.0199 = 0.04, update = 1.
        // decayed: 0.4895 − 0.001·0.4895 − 0.01 = 0.4790105; bias: 0.48.
        Assert.Multiple(() =>
        {
            Assert.That(parameters.Qkvw.Span[0], Is.EqualTo(0.4790105f).Within(2e-6f));
            Assert.That(parameters.Qkvb.Span[0], Is.EqualTo(0.48f).Within(2e-6f));
            Assert.That(parameters.Qkvw.Span[1], Is.Zero, "zero gradient and zero weight stay zero");
            Assert.That(adam.M[parameters.Qkvw.Offset], Is.EqualTo(0.038f).Within(1e-7f));
            Assert.That(adam.V[parameters.Qkvw.Offset], Is.EqualTo(0.000796f).Within(1e-9f));
        });
    }

    [Test]
    public void Weight_decay_applies_to_matrices_only()
    {
        Assert.Multiple(() =>
        {
            foreach (string name in new[] { "qkvw", "attprojw", "fcw", "fcprojw", "lmheadw" })
                Assert.That(AdamW.IsDecayed(name), Is.True, name);
            foreach (string name in new[] { "wte", "wpe", "ln1w", "ln1b", "qkvb", "attprojb", "ln2w", "fcb", "fcprojb", "lnfw", "lnfb" })
                Assert.That(AdamW.IsDecayed(name), Is.False, name);
        });
    }

    [Test]
    public void Clipping_scales_to_the_max_norm_and_returns_the_original_norm()
    {
        float[] g = [3, 4];
        float norm = AdamW.ClipGradientNorm(g, 1f);
        float[] small = [0.3f, 0.4f];
        AdamW.ClipGradientNorm(small, 1f);
        Assert.Multiple(() =>
        {
            Assert.That(norm, Is.EqualTo(5f));
            Assert.That(g[0], Is.EqualTo(0.6f).Within(1e-6f));
            Assert.That(g[1], Is.EqualTo(0.8f).Within(1e-6f));
            Assert.That(small, Is.EqualTo(new[] { 0.3f, 0.4f }), "below the bound: untouched");
        });
    }
}
