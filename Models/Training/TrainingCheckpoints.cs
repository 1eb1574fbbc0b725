using System.Diagnostics;
using System.Globalization;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;

namespace GraphNav.Models.Training;

/// <summary>
/// Periodic checkpoints of one training run, so a run that is interrupted (the process killed, the
/// machine restarted) continues in a later invocation from its last checkpoint instead of starting
/// over — and ends with exactly the weights an uninterrupted run would have: the checkpoint holds
/// the parameters, the AdamW moments and step (which fix the schedule) and the position in the data
/// stream (batches consumed, <see cref="DataPositionKey"/>), and the caller restarts its batch source
/// at that position. Every write is atomic (temp file, fsync, rename), so a kill during a save leaves
/// the previous checkpoint.
/// </summary>
public sealed class TrainingCheckpoints
{
    /// <summary>Checkpoint metadata: training batches the run had drawn when it was saved.</summary>
    public const string DataPositionKey = "graphnav.data_position";

    /// <summary>Checkpoints every <paramref name="interval"/> of training time to <paramref name="path"/>.</summary>
    public TrainingCheckpoints(string path, TimeSpan interval)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (interval < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must not be negative.");
        Path = path;
        Interval = interval;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>Training time between two checkpoints (zero: after every step).</summary>
    public TimeSpan Interval { get; }

    /// <summary>
    /// The run saved at <see cref="Path"/> when it belongs to the same model and training settings
    /// (threads aside: they do not change the bits); else null — a missing, foreign or damaged
    /// checkpoint means starting over, never an error. A run on a constant schedule may also be
    /// extended: <paramref name="config"/> may ask for more steps than the saved run (see
    /// <see cref="Continues"/>). <paramref name="loss"/>: what the run minimises (default the task loss).
    /// </summary>
    public Trainer? TryResume(GptConfig model, TrainingConfig config, TrainingLoss? loss = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        if (!File.Exists(Path)) return null;
        try
        {
            var metadata = GptCheckpoint.ReadMetadata(Path);
            var trainer = Trainer.Resume(Path, config, loss);
            var saved = GptCheckpoint.Load(Path, maxBatch: 1).State;
            bool same = trainer.Model.Config == model
                && saved is not null && Continues(saved.Config, config, trainer.Step)
                && long.TryParse(metadata.GetValueOrDefault(DataPositionKey), NumberStyles.None, CultureInfo.InvariantCulture, out long position)
                && position == trainer.Step;
            return same ? trainer : null;
        }
#pragma warning disable CA1031 // Any failure to read the checkpoint means: train from the start.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a run saved with <paramref name="saved"/> at <paramref name="step"/> continues as a run
    /// with <paramref name="requested"/>: the same settings (threads aside), or — on a constant schedule
    /// only — the same settings with at least as many steps as already taken. After warmup a constant
    /// schedule's rate does not depend on the step count, so every step so far is the step a run asking
    /// for the larger count from the start would have taken: extending changes no bit. A cosine
    /// schedule stretches with the step count, so there it is a different run.
    /// </summary>
    public static bool Continues(TrainingConfig saved, TrainingConfig requested, int step)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(requested);
        var normalised = saved with { Threads = requested.Threads };
        if (normalised == requested) return true;
        return requested.Decay == LearningRateDecay.Constant
            && requested.Steps >= step
            && normalised with { Steps = requested.Steps } == requested;
    }

    /// <summary>
    /// Runs <paramref name="trainer"/> to its last step like <see cref="Trainer.Run"/>, saving a
    /// checkpoint whenever <see cref="Interval"/> has passed since the last one. <paramref name="source"/>
    /// must stand at batch <c>trainer.Step</c> of the run's stream (see <see cref="Skip"/>).
    /// </summary>
    public void Run(Trainer trainer, IBatchSource source, IProgress<TrainingProgress>? progress = null,
        int evaluationInterval = 0, Action<Trainer>? evaluate = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var clock = Stopwatch.StartNew();
        trainer.Run(source, progress, evaluationInterval: 1, t =>
        {
            if (evaluate is not null && ((evaluationInterval > 0 && t.Step % evaluationInterval == 0) || t.Step == t.Config.Steps))
                evaluate(t);
            if (t.Step < t.Config.Steps && clock.Elapsed >= Interval)
            {
                Save(t);
                clock.Restart();
            }
        }, cancellation);
    }

    /// <summary>Writes the run's state now (parameters, moments, step, data position).</summary>
    public void Save(Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (folder is not null) Directory.CreateDirectory(folder);
        trainer.SaveCheckpoint(Path, new Dictionary<string, string>
        {
            [DataPositionKey] = trainer.Step.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Removes the checkpoint (once the finished model is stored elsewhere).</summary>
    public void Delete() => File.Delete(Path);

    /// <summary>
    /// Advances a batch source by <paramref name="batches"/> batches of [batch, sequence] by drawing
    /// and discarding them: for a seeded stream, the same position a run that drew them reached.
    /// </summary>
    public static void Skip(IBatchSource source, long batches, int batch, int sequence)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (batches <= 0) return;
        var inputs = new int[checked(batch * sequence)];
        var targets = new int[inputs.Length];
        for (long i = 0; i < batches; i++) source.Next(inputs, targets, batch, sequence);
    }
}
