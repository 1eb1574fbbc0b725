using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Experiments.Training;

/// <summary>Runs a prepared engine <see cref="Trainer"/> (model initialised, recipe set) to its last
/// step on <paramref name="source"/>; returns the trainer that holds the trained model and the
/// optimizer state (the same object for the engine).</summary>
public delegate Trainer TrainingRun(Trainer trainer, IBatchSource source, IProgress<TrainingProgress>? progress,
    int evaluationInterval, Action<Trainer>? evaluate, CancellationToken cancellation);

/// <summary>Runs a mimicking <see cref="Trainer"/> (loss <see cref="TrainingLosses.AttentionMimic"/> toward
/// <paramref name="targets"/>) to its last step, leaving the pretrained weights in its model.</summary>
public delegate void MimicRun(Trainer trainer, IAttentionTargets targets, IBatchSource source,
    IProgress<TrainingProgress>? progress, CancellationToken cancellation);

/// <summary>
/// Which library runs the training steps of the training plans: the engine (default) or another
/// backend with the same recipe (GraphNav.Torch registers "torch" from the CLI and the suite; this
/// assembly does not reference TorchSharp). Plans take <see cref="Current"/> when created, and their
/// cache keys name any backend other than the engine, so models trained by different backends never
/// share a cache entry while the engine's keys stay what they were.
/// </summary>
/// <param name="Name">"engine", "torch", …: shown in cache keys and reports.</param>
/// <param name="Run">Runs the task training.</param>
/// <param name="RunMimic">Runs attention-mimicking pretraining (LEGO B3).</param>
public sealed record TrainingBackend(string Name, TrainingRun Run, MimicRun RunMimic)
{
    /// <summary>The engine: <see cref="Trainer.Run"/> for both.</summary>
    public static TrainingBackend Engine { get; } = new("engine",
        (trainer, source, progress, interval, evaluate, cancellation) =>
        {
            trainer.Run(source, progress, interval, evaluate, cancellation);
            return trainer;
        },
        (mimic, _, source, progress, cancellation) => mimic.Run(source, progress, cancellation: cancellation));

    /// <summary>The backend new plans use (process-wide; set once at start-up by the CLI or the suite).</summary>
    public static TrainingBackend Current { get; set; } = Engine;

    /// <summary>Whether this is the engine (whose cache keys carry no backend name).</summary>
    public bool IsEngine => ReferenceEquals(this, Engine);

    /// <summary>The line a plan appends to its cache-key description: empty for the engine.</summary>
    public string CacheKeySuffix => IsEngine ? "" : "\nbackend=" + Name;
}
