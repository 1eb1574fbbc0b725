using System.Diagnostics;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;

namespace GraphNav.Models.Training;

/// <summary>
/// Runs AdamW steps on a <see cref="GptModel"/>: batch from the source, forward (the
/// <see cref="TrainingLoss"/>: the task loss, or e.g. attention mimicking), zero grad, backward, clip,
/// schedule, update. All state needed to resume (parameters, moments, step) is in
/// <see cref="SaveCheckpoint"/>. Buffers are allocated once; a step allocates nothing on one thread.
/// </summary>
public sealed class Trainer
{
    private readonly int[] _inputs;  // [B,T]
    private readonly int[] _targets; // [B,T]

    /// <summary>Trains <paramref name="model"/> with <paramref name="config"/> from step 0 on
    /// <paramref name="loss"/> (default <see cref="TrainingLosses.Task"/>).</summary>
    public Trainer(GptModel model, TrainingConfig config, TrainingLoss? loss = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validated();
        Model = model;
        Loss = loss ?? TrainingLosses.Task;
        if (config.BatchSize > model.MaxBatch)
            throw new ArgumentException($"TrainingConfig.BatchSize {config.BatchSize} exceeds the model's MaxBatch {model.MaxBatch}.", nameof(config));
        Sequence = config.SequenceLength == 0 ? model.Config.ContextLength : config.SequenceLength;
        if (Sequence > model.Config.ContextLength)
            throw new ArgumentException($"TrainingConfig.SequenceLength {Sequence} exceeds the model's ContextLength {model.Config.ContextLength}.", nameof(config));
        model.Threads = config.Threads;
        Optimizer = new AdamW(model.Parameters);
        _inputs = new int[config.BatchSize * Sequence];
        _targets = new int[config.BatchSize * Sequence];
    }

    /// <summary>Creates a freshly initialised model (seed = config.Seed, MaxBatch = BatchSize) and its trainer.</summary>
    public static Trainer Create(GptConfig model, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new Trainer(new GptModel(model, config.Seed, config.BatchSize), config);
    }

    /// <summary>
    /// Resumes from a checkpoint written by <see cref="SaveCheckpoint"/>: parameters, AdamW moments,
    /// step and the saved config, or <paramref name="config"/> when given (e.g. more Steps; its
    /// BatchSize sizes the model's buffers); <paramref name="loss"/> is what the run minimises (default
    /// the task loss; a checkpoint does not record it).
    /// </summary>
    public static Trainer Resume(string checkpointPath, TrainingConfig? config = null, TrainingLoss? loss = null)
    {
        var (model, state) = GptCheckpoint.Load(checkpointPath, config?.BatchSize ?? 0);
        if (state is null)
            throw new InvalidDataException($"Checkpoint '{checkpointPath}' holds no training state (saved without optimizer moments); it cannot resume training.");
        var trainer = new Trainer(model, config ?? state.Config, loss) { Step = state.Step };
        state.M.CopyTo(trainer.Optimizer.M, 0);
        state.V.CopyTo(trainer.Optimizer.V, 0);
        trainer.Optimizer.StepCount = state.Step;
        return trainer;
    }

    /// <summary>The model being trained.</summary>
    public GptModel Model { get; }

    /// <summary>What each step minimises.</summary>
    public TrainingLoss Loss { get; }

    /// <summary>The optimisation settings.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The optimizer (moments are part of the checkpoint).</summary>
    public AdamW Optimizer { get; }

    /// <summary>T of every batch.</summary>
    public int Sequence { get; }

    /// <summary>Completed optimizer steps.</summary>
    public int Step { get; private set; }

    /// <summary>One optimizer step on inputs/targets [BatchSize, Sequence]; returns its progress record.
    /// Throws InvalidOperationException, before touching the parameters, when the loss is not finite.</summary>
    public TrainingProgress TrainStep(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets)
    {
        long start = Stopwatch.GetTimestamp();
        int b = Config.BatchSize;
        float loss = Loss(Model, inputs, targets, b, Sequence);
        if (!float.IsFinite(loss))
            throw new TrainingDivergedException(
                $"Training diverged: the loss is {loss} at step {Step + 1}; lower LearningRate (now {Config.LearningRate}) or check the batches.");
        Model.ZeroGrad();
        Model.Backward();
        float norm = AdamW.ClipGradientNorm(Model.Gradients.Data, Config.GradClip);
        float lr = LearningRateSchedule.At(Step, Config);
        Optimizer.Step(Model.Gradients, lr, Config);
        Step++;
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new TrainingProgress(Step, loss, lr, norm, b * Sequence / Math.Max(seconds, 1e-9));
    }

    /// <summary>
    /// Runs steps until <see cref="TrainingConfig.Steps"/>, reporting each to <paramref name="progress"/>
    /// and calling <paramref name="evaluate"/> after every <paramref name="evaluationInterval"/>-th
    /// step (and after the last). Cancellation is checked between steps and throws
    /// OperationCanceledException with the model and optimizer at the last completed step.
    /// </summary>
    public void Run(IBatchSource source, IProgress<TrainingProgress>? progress = null,
        int evaluationInterval = 0, Action<Trainer>? evaluate = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        while (Step < Config.Steps)
        {
            cancellation.ThrowIfCancellationRequested();
            source.Next(_inputs, _targets, Config.BatchSize, Sequence);
            var report = TrainStep(_inputs, _targets);
            progress?.Report(report);
            if (evaluate is not null && ((evaluationInterval > 0 && Step % evaluationInterval == 0) || Step == Config.Steps))
                evaluate(this);
        }
    }

    /// <summary>Writes model, AdamW moments, step and config to a safetensors checkpoint (atomically),
    /// with optional extra metadata strings (see <see cref="GptCheckpoint.Save"/>).</summary>
    public void SaveCheckpoint(string path, IReadOnlyDictionary<string, string>? extraMetadata = null) =>
        GptCheckpoint.Save(path, Model, new TrainingState(Config, Step, Optimizer.M, Optimizer.V), extraMetadata);
}
