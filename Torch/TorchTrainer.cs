using System.Diagnostics;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using TorchSharp;
using TorchSharp.Modules;
using EngineAdamW = GraphNav.Models.Training.AdamW;
using TorchAdamW = TorchSharp.Modules.AdamW;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GraphNav.Torch;

/// <summary>
/// AdamW steps on a <see cref="TorchGpt"/> with the engine's recipe (<see cref="Trainer"/>): the
/// same loss (mean cross-entropy over non-ignored targets, −1 = ignored, plus the optional
/// attention-mimicking loss of <see cref="IAttentionTargets"/>), global-norm clipping, the
/// warmup-cosine <see cref="LearningRateSchedule"/>, and torch.optim.AdamW with the engine's
/// weight-decay split (<see cref="EngineAdamW.IsDecayed"/>: weight matrices only).
/// </summary>
public sealed class TorchTrainer : IDisposable
{
    private readonly torch.optim.Optimizer _optimizer;
    private readonly IAttentionTargets? _attentionTargets;
    private readonly bool _taskLoss;
    private readonly int[] _inputs;  // [B,T] host buffers for Run
    private readonly int[] _targets;

    /// <summary>Trains <paramref name="model"/> from step 0. With <paramref name="attentionTargets"/>
    /// the loss adds the mimicking term (weight 1); <paramref name="taskLoss"/> false leaves the task
    /// loss out (the engine's <see cref="Trainer"/> with <see cref="TrainingLosses.AttentionMimic"/>).</summary>
    public TorchTrainer(TorchGpt model, TrainingConfig config, IAttentionTargets? attentionTargets = null, bool taskLoss = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validated();
        if (!taskLoss && attentionTargets is null)
            throw new ArgumentException("A trainer without the task loss needs attention targets.", nameof(attentionTargets));
        Model = model;
        Sequence = config.SequenceLength == 0 ? model.Config.ContextLength : config.SequenceLength;
        if (Sequence > model.Config.ContextLength)
            throw new ArgumentException($"TrainingConfig.SequenceLength {Sequence} exceeds the model's ContextLength {model.Config.ContextLength}.", nameof(config));
        _attentionTargets = attentionTargets;
        _taskLoss = taskLoss;
        // One thread count for the process: libtorch's intra-op pool is global.
        torch.set_num_threads(config.Threads);
        var decayed = model.Named().Where(p => EngineAdamW.IsDecayed(p.Name)).Select(p => p.Parameter).ToList();
        var plain = model.Named().Where(p => !EngineAdamW.IsDecayed(p.Name)).Select(p => p.Parameter).ToList();
        var groups = new List<TorchAdamW.ParamGroup>
        {
            new(decayed, new TorchAdamW.Options { LearningRate = config.LearningRate, weight_decay = config.WeightDecay }),
            new(plain, new TorchAdamW.Options { LearningRate = config.LearningRate, weight_decay = 0 }),
        };
        _optimizer = torch.optim.AdamW(groups, config.LearningRate, config.Beta1, config.Beta2, config.Epsilon, config.WeightDecay);
        _inputs = new int[config.BatchSize * Sequence];
        _targets = new int[config.BatchSize * Sequence];
    }

    /// <summary>The model being trained.</summary>
    public TorchGpt Model { get; }

    /// <summary>The optimisation settings.</summary>
    public TrainingConfig Config { get; }

    /// <summary>T of every batch.</summary>
    public int Sequence { get; }

    /// <summary>Completed optimizer steps.</summary>
    public int Step { get; private set; }

    /// <summary>
    /// The loss of one batch as a scalar tensor on the model's device: the task loss (mean
    /// cross-entropy over targets ≠ −1) when enabled, plus weight · the mean over every target head's
    /// query rows of KL(target ‖ att). The caller disposes it (or a dispose scope does).
    /// </summary>
    public static Tensor Loss(TorchGpt model, ReadOnlySpan<int> ids, ReadOnlySpan<int> targets, int batch, int sequence,
        IAttentionTargets? attentionTargets = null, float weight = 1f, bool taskLoss = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var idTensor = Ids(ids, batch, sequence, model.Device);
        var maps = attentionTargets is null ? null : new List<Tensor>();
        var logits = model.Run(idTensor, maps);
        Tensor? loss = null;
        if (taskLoss)
        {
            using var targetTensor = Ids(targets, batch, sequence, model.Device);
            loss = F.cross_entropy(logits.view(-1, model.Config.OutputWidth), targetTensor.view(-1), ignore_index: -1);
        }
        if (attentionTargets is not null)
        {
            var heads = attentionTargets.Heads;
            var kl = zeros([], ScalarType.Float32, model.Device);
            float[] buffer = new float[batch * sequence * sequence];
            foreach (var head in heads)
            {
                if (head.Head < model.Config.FixedHeads)
                    throw new ArgumentException($"Attention target {head} is a hard-coded head (FixedHeads = {model.Config.FixedHeads}); its map cannot be trained.");
                attentionTargets.Fill(head, ids, batch, sequence, buffer);
                var target = tensor(buffer, [batch, sequence, sequence], ScalarType.Float32).to(model.Device);
                var att = maps![head.Layer].select(1, head.Head);                      // [B,T,T]
                var logAtt = att.clamp_min(1e-30).log().masked_fill(target.eq(0), 0);  // 0·log 0 counts 0
                var entropy = target.xlogy(target).sum();                     // Σ p ln p (no gradient)
                kl = kl + entropy - (target * logAtt).sum();
            }
            var rows = heads.Count * (long)batch * sequence;
            var mimic = rows == 0 ? kl : kl * (weight / (double)rows);
            loss = loss is null ? mimic : loss + mimic;
        }
        return loss ?? throw new ArgumentException("Loss needs the task loss or attention targets.");
    }

    /// <summary>One optimizer step on inputs/targets [BatchSize, Sequence]. Throws
    /// InvalidOperationException, before touching the parameters, when the loss is not finite.</summary>
    public TrainingProgress TrainStep(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets)
    {
        long start = Stopwatch.GetTimestamp();
        using var scope = NewDisposeScope();
        var lossTensor = Loss(Model, inputs, targets, Config.BatchSize, Sequence, _attentionTargets, 1f, _taskLoss);
        float loss = lossTensor.item<float>();
        if (!float.IsFinite(loss))
            throw new InvalidOperationException(
                $"Training diverged: the loss is {loss} at step {Step + 1}; lower LearningRate (now {Config.LearningRate}) or check the batches.");
        _optimizer.zero_grad();
        lossTensor.backward();
        var parameters = Model.Named().Select(p => p.Parameter).ToList();
        // A parameter the loss does not reach (the head during mimicking pretraining) has no
        // gradient, and torch's AdamW would skip it; the engine steps it with a zero gradient, which
        // still applies weight decay. A zero gradient makes torch do the same.
        foreach (var parameter in parameters)
            if (parameter.grad is null) parameter.grad = zeros_like(parameter);
        // The engine clips only when GradClip > 0; max_norm = ∞ measures the norm without scaling.
        float norm = (float)nn.utils.clip_grad_norm_(parameters, Config.GradClip > 0 ? Config.GradClip : double.PositiveInfinity);
        float lr = LearningRateSchedule.At(Step, Config);
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = lr;
        _optimizer.step();
        Step++;
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new TrainingProgress(Step, loss, lr, norm, Config.BatchSize * Sequence / Math.Max(seconds, 1e-9));
    }

    /// <summary>Runs steps until <see cref="TrainingConfig.Steps"/>, reporting each; cancellation is checked between steps.</summary>
    public void Run(IBatchSource source, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        while (Step < Config.Steps)
        {
            cancellation.ThrowIfCancellationRequested();
            source.Next(_inputs, _targets, Config.BatchSize, Sequence);
            var report = TrainStep(_inputs, _targets);
            progress?.Report(report);
        }
    }

    /// <summary>
    /// Writes AdamW's first and second moments into <paramref name="m"/> and <paramref name="v"/>,
    /// laid out like <paramref name="layout"/>.Data (the engine's <see cref="EngineAdamW.M"/> and
    /// <see cref="EngineAdamW.V"/>), so a checkpoint of a TorchSharp run resumes on either backend.
    /// Zeros before the first step.
    /// </summary>
    public void CopyMoments(GptParameters layout, float[] m, float[] v)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(v);
        Array.Clear(m);
        Array.Clear(v);
        if (Step == 0) return;
        // torch keeps one state per parameter, in the order of the parameter groups given to it.
        var order = Model.Named().Where(p => EngineAdamW.IsDecayed(p.Name)).Concat(Model.Named().Where(p => !EngineAdamW.IsDecayed(p.Name))).ToList();
        var states = ((TorchAdamW)_optimizer).state_dict().State;
        if (states.Count != order.Count)
            throw new InvalidOperationException($"TorchSharp's AdamW holds {states.Count} states for {order.Count} parameters.");
        using var scope = NewDisposeScope();
        for (int i = 0; i < order.Count; i++)
        {
            var state = (TorchAdamW.State)states[i];
            var tensor = layout.Find(order[i].Name) ?? throw new ArgumentException($"The layout has no tensor '{order[i].Name}'.", nameof(layout));
            state.exp_avg.cpu().contiguous().data<float>().CopyTo(m.AsSpan(tensor.Offset, tensor.Length));
            state.exp_avg_sq.cpu().contiguous().data<float>().CopyTo(v.AsSpan(tensor.Offset, tensor.Length));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _optimizer.Dispose();

    private static Tensor Ids(ReadOnlySpan<int> ids, int batch, int sequence, Device device)
    {
        if (ids.Length != batch * sequence)
            throw new ArgumentException($"ids must hold B·T = {batch * sequence} values, got {ids.Length}.", nameof(ids));
        long[] wide = new long[ids.Length];
        for (int i = 0; i < wide.Length; i++) wide[i] = ids[i];
        return tensor(wide, [batch, sequence], ScalarType.Int64).to(device);
    }
}
