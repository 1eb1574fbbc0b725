using System.Diagnostics;
using GraphNav.Models.Training;

namespace GraphNav.Models.Gpt;

/// <summary>
/// Attention mimicking pretraining (PHENOMENA §3 B3): AdamW steps whose only loss is the attention
/// loss of <see cref="IAttentionTargets"/> — the mean KL(target ‖ att) over the target heads' rows —
/// with the schedule, clipping and weight decay of <see cref="TrainingConfig"/>. The task labels of
/// the batches are not used. Afterwards the same model is trained on the task by a fresh
/// <see cref="Trainer"/> (new optimizer and schedule), so the task budget is unchanged.
/// Buffers are allocated once.
/// </summary>
public sealed class AttentionMimicTrainer
{
    private readonly IAttentionTargets _targets;
    private readonly int[] _inputs;  // [B,T]
    private readonly int[] _labels;  // [B,T] filled by the batch source, unused

    /// <summary>Pretrains <paramref name="model"/> toward <paramref name="targets"/> for config.Steps steps.</summary>
    /// <exception cref="ArgumentException">The batch or sequence does not fit the model.</exception>
    public AttentionMimicTrainer(GptModel model, TrainingConfig config, IAttentionTargets targets)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(targets);
        Config = config.Validated();
        if (config.BatchSize > model.MaxBatch)
            throw new ArgumentException($"TrainingConfig.BatchSize {config.BatchSize} exceeds the model's MaxBatch {model.MaxBatch}.", nameof(config));
        Sequence = config.SequenceLength == 0 ? model.Config.ContextLength : config.SequenceLength;
        if (Sequence > model.Config.ContextLength)
            throw new ArgumentException($"TrainingConfig.SequenceLength {Sequence} exceeds the model's ContextLength {model.Config.ContextLength}.", nameof(config));
        Model = model;
        model.Threads = config.Threads;
        _targets = targets;
        Optimizer = new AdamW(model.Parameters);
        _inputs = new int[config.BatchSize * Sequence];
        _labels = new int[config.BatchSize * Sequence];
    }

    /// <summary>The model being pretrained.</summary>
    public GptModel Model { get; }

    /// <summary>Steps, batch, learning rate and schedule of the pretraining.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The pretraining optimizer (discarded afterwards).</summary>
    public AdamW Optimizer { get; }

    /// <summary>T of every batch.</summary>
    public int Sequence { get; }

    /// <summary>Completed steps.</summary>
    public int Step { get; private set; }

    /// <summary>One step on inputs [BatchSize, Sequence]; its Loss is the attention loss before the update.</summary>
    /// <exception cref="InvalidOperationException">The attention loss is not finite (before touching the parameters).</exception>
    public TrainingProgress TrainStep(ReadOnlySpan<int> inputs)
    {
        long start = Stopwatch.GetTimestamp();
        float loss = Model.Forward(inputs, ReadOnlySpan<int>.Empty, Config.BatchSize, Sequence, _targets);
        if (!float.IsFinite(loss))
            throw new Training.TrainingDivergedException($"Attention mimicking diverged: the attention loss is {loss} at step {Step + 1}; lower LearningRate (now {Config.LearningRate}).");
        Model.ZeroGrad();
        Model.Backward();
        float norm = AdamW.ClipGradientNorm(Model.Gradients.Data, Config.GradClip);
        float lr = LearningRateSchedule.At(Step, Config);
        Optimizer.Step(Model.Gradients, lr, Config);
        Step++;
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new TrainingProgress(Step, loss, lr, norm, Config.BatchSize * Sequence / Math.Max(seconds, 1e-9));
    }

    /// <summary>Runs steps until <see cref="TrainingConfig.Steps"/> on batches of <paramref name="source"/>
    /// (their targets are ignored), reporting each step.</summary>
    public void Run(IBatchSource source, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        while (Step < Config.Steps)
        {
            cancellation.ThrowIfCancellationRequested();
            source.Next(_inputs, _labels, Config.BatchSize, Sequence);
            var report = TrainStep(_inputs); // not inside progress?.Report(…): that would skip the step when progress is null
            progress?.Report(report);
        }
    }
}
