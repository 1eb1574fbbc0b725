using System.Text.Json;
using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Training;
using GraphNav.Models;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>
/// Everything that determines a trained LEGO encoder: the task spec (its seed draws the training
/// stream and the test set), the architecture (bidirectional, 2-class head) and the optimisation
/// settings (their seed draws the initialisation). <see cref="CacheKey"/> hashes all of it plus the
/// engine version.
/// </summary>
/// <param name="Task">The LEGO spec (n, k, context, alphabet, order, seed, train/test sizes).</param>
/// <param name="Model">Encoder shape: Causal = false, OutputSize = 2, TiedHead = false; vocabulary
/// and context must cover the spec's.</param>
/// <param name="Training">Optimisation settings; SequenceLength is set to the spec's context length.</param>
public sealed record LegoTrainingPlan(LegoSpec Task, GptConfig Model, TrainingConfig Training)
{
    /// <summary>The library that runs the training steps (default: the backend current when the plan is made).</summary>
    public TrainingBackend Backend { get; init; } = TrainingBackend.Current;

    /// <summary>
    /// Attention mimicking pretraining (docs/PHENOMENA.md §3 B3) before the LEGO training: this many AdamW
    /// steps (batch, learning rate and schedule shape of <see cref="Training"/>, a fresh optimizer) on
    /// the spec's training sentences whose only loss is the KL of heads 0 (same-token / association)
    /// and 1 (band / manipulation) of every layer toward <see cref="FixedAttentionMaps"/>
    /// (<see cref="FixedMapTargets"/>). The LEGO training that follows is unchanged (same steps and
    /// sentences as a random-init model). 0 (default): no pretraining; the cache key is then the same
    /// as before the field existed.
    /// </summary>
    public int MimicSteps { get; init; }

    /// <summary>
    /// A curriculum over n: the LEGO training starts from the encoder in this checkpoint (trained on
    /// shorter sentences, <see cref="LegoWarmStart"/>) instead of a freshly drawn one; a fresh optimizer
    /// and schedule, no mimicking phase. Null (default): no warm start, and the cache key is the same as
    /// before the field existed.
    /// </summary>
    public string? WarmStart { get; init; }

    /// <summary>
    /// A BERT-style encoder plan: <paramref name="layers"/> × <paramref name="channels"/> with
    /// <paramref name="heads"/> heads, MLP 4C, final LayerNorm, a 2-class head; AdamW with linear
    /// warmup over the first 10% of steps (at most 100) to <paramref name="learningRate"/>, cosine
    /// decay to a tenth of it; init seed = spec seed. <paramref name="shareLayers"/>: one block applied
    /// <paramref name="layers"/> times (ALBERT-style weight tying, B2).
    /// </summary>
    public static LegoTrainingPlan Encoder(LegoSpec task, int layers, int channels, int heads, int steps, int batch,
        float learningRate, int threads = 1, bool shareLayers = false)
    {
        ArgumentNullException.ThrowIfNull(task);
        task.Validate();
        var model = EncoderModel(task, layers, channels, heads, shareLayers);
        var training = new TrainingConfig
        {
            Steps = steps,
            BatchSize = batch,
            SequenceLength = task.ContextLength,
            LearningRate = learningRate,
            MinLearningRate = learningRate / 10,
            WarmupSteps = Math.Min(100, steps / 10),
            Threads = threads,
            Seed = (ulong)task.Seed,
        }.Validated();
        return new LegoTrainingPlan(task, model, training);
    }

    /// <summary>
    /// The encoder every LEGO plan trains (B phenomena and the recipe search): bidirectional,
    /// <paramref name="layers"/> × <paramref name="channels"/> with <paramref name="heads"/> heads, an
    /// untied 2-class head over the task's vocabulary and context (validated).
    /// </summary>
    internal static GptConfig EncoderModel(LegoSpec task, int layers, int channels, int heads, bool shareLayers,
        bool embeddingLayerNorm = false) => new GptConfig
        {
            VocabSize = task.CreateTokens().VocabSize,
            ContextLength = task.ContextLength,
            Layers = layers,
            Heads = heads,
            Channels = channels,
            Causal = false,
            TiedHead = false,
            OutputSize = 2,
            ShareLayers = shareLayers,
            EmbeddingLayerNorm = embeddingLayerNorm,
        }.Validated();

    /// <summary>Training tokens the plan consumes: Steps · BatchSize · T.</summary>
    public long TrainingTokens => (long)Training.Steps * Training.BatchSize * Task.ContextLength;

    /// <summary>Content hash of (format tag, engine version, spec, model, training minus threads).</summary>
    public string CacheKey()
    {
        // Threads are left out on purpose: the engine's bits do not depend on the thread count.
        var description = string.Join('\n',
            "graphnav.lego-encoder/1",
            EngineInfo.Version,
            Task.ToJson(),
            JsonSerializer.Serialize(Model),
            JsonSerializer.Serialize(Training with { Threads = 1 }));
        if (MimicSteps > 0) description += $"\nmimic_steps={MimicSteps} heads=0:same-token,1:band every layer";
        if (WarmStart is not null) description += $"\nwarm_start_sha256={FileDigest.Sha256(WarmStart)}";
        description += Backend.CacheKeySuffix;
        return ModelCache.Key(description);
    }

    /// <summary>Trains from scratch on the spec's training stream — or, given <paramref name="checkpoints"/>,
    /// from the run's last checkpoint (of the LEGO phase, else of the mimicking phase: <see cref="MimicCheckpoints"/>),
    /// saving new ones as it goes; returns the trainer.</summary>
    /// <exception cref="ArgumentException">The model cannot read the task or is not a 2-class encoder.</exception>
    public Trainer Train(IProgress<TrainingProgress>? progress = null, int evaluationInterval = 0,
        Action<Trainer>? evaluate = null, CancellationToken cancellation = default, TrainingCheckpoints? checkpoints = null)
    {
        Check();
        var training = Training with { SequenceLength = Task.ContextLength };
        // Resuming from checkpoints is the engine's: another backend always trains from the start.
        var resumable = Backend.IsEngine ? checkpoints : null;
        if (resumable?.TryResume(Model, training) is { } resumed)
        {
            // Batch i holds sentences i·B…: the source restarts at the first sentence not yet seen.
            resumable.Run(resumed, new LegoBatchSource(new LegoGenerator(Task), (long)resumed.Step * training.BatchSize),
                progress, evaluationInterval, evaluate, cancellation);
            if (MimicSteps > 0) MimicCheckpoints(resumable).Delete();
            return resumed;
        }
        var model = WarmStart is not null ? LegoWarmStart.Load(WarmStart, Model, training.BatchSize)
            : MimicSteps > 0 ? Mimic(training, resumable is null ? null : MimicCheckpoints(resumable), progress, cancellation)
            : new GptModel(Model, training.Seed, training.BatchSize);
        var trainer = new Trainer(model, training);
        if (resumable is null) return Backend.Run(trainer, new LegoBatchSource(new LegoGenerator(Task)), progress, evaluationInterval, evaluate, cancellation);
        resumable.Run(trainer, new LegoBatchSource(new LegoGenerator(Task)), progress, evaluationInterval, evaluate, cancellation);
        if (MimicSteps > 0) MimicCheckpoints(resumable).Delete();
        return trainer;
    }

    /// <summary>Longest training time between two checkpoints of the mimicking phase.</summary>
    private static readonly TimeSpan MimicCheckpointInterval = TimeSpan.FromMinutes(2);

    /// <summary>The mimicking phase's checkpoints, beside the LEGO phase's (<paramref name="lego"/>.Path
    /// + ".mimic"): at most <see cref="MimicCheckpointInterval"/> apart, and one at the phase's end, so
    /// an interrupted run repeats neither the phase nor a part of it.</summary>
    public static TrainingCheckpoints MimicCheckpoints(TrainingCheckpoints lego)
    {
        ArgumentNullException.ThrowIfNull(lego);
        return new TrainingCheckpoints(lego.Path + ".mimic", lego.Interval < MimicCheckpointInterval ? lego.Interval : MimicCheckpointInterval);
    }

    /// <summary>
    /// The mimicking phase (<see cref="MimicSteps"/>): a fresh model — or the phase's last checkpoint —
    /// trained with a fresh optimizer and schedule on the spec's sentences toward the fixed maps; the
    /// task labels are not used. Returns the model the LEGO phase starts from.
    /// </summary>
    private GptModel Mimic(TrainingConfig training, TrainingCheckpoints? checkpoints, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var targets = new FixedMapTargets(Model.Layers, headsPerLayer: 2);
        var loss = TrainingLosses.AttentionMimic(targets);
        var config = training with { Steps = MimicSteps, WarmupSteps = Math.Min(training.WarmupSteps, MimicSteps / 10) };
        var mimic = checkpoints?.TryResume(Model, config, loss)
            ?? new Trainer(new GptModel(Model, training.Seed, training.BatchSize), config, loss);
        // Batch i of the phase holds sentences i·B…, as in the LEGO phase.
        var source = new LegoBatchSource(new LegoGenerator(Task), (long)mimic.Step * config.BatchSize);
        if (checkpoints is null)
        {
            Backend.RunMimic(mimic, targets, source, MimicProgress(progress), cancellation);
            return mimic.Model;
        }
        checkpoints.Run(mimic, source, MimicProgress(progress), cancellation: cancellation);
        checkpoints.Save(mimic);
        return mimic.Model;
    }

    /// <summary>
    /// The trained model from <paramref name="cache"/>, training and storing it first when the cache
    /// has no valid entry. The model runs with <see cref="TrainingConfig.Threads"/> threads.
    /// </summary>
    public GptModel GetOrTrain(ModelCache cache, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        return CachedModels.GetOrTrain(cache, CacheKey(), checkpoints => Train(progress, cancellation: cancellation, checkpoints: checkpoints), Training.Threads, Training.BatchSize);
    }

    /// <summary>Mimicking steps reported as steps −MimicSteps+1 … 0 so progress stays monotone before LEGO step 1.</summary>
    private IProgress<TrainingProgress>? MimicProgress(IProgress<TrainingProgress>? progress) =>
        progress is null ? null : new ShiftedProgress(progress, -MimicSteps);

    private sealed class ShiftedProgress(IProgress<TrainingProgress> inner, int shift) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => inner.Report(value with { Step = value.Step + shift });
    }

    /// <summary>This plan, after the checks <see cref="Train"/> makes first (one-line ArgumentException).</summary>
    internal LegoTrainingPlan Checked()
    {
        Check();
        return this;
    }

    private void Check()
    {
        Task.Validate();
        int vocabulary = Task.CreateTokens().VocabSize;
        if (Model.VocabSize < vocabulary)
            throw new ArgumentException($"LEGO plan: model vocabulary {Model.VocabSize} is smaller than the task's {vocabulary}.");
        if (Model.ContextLength < Task.ContextLength)
            throw new ArgumentException($"LEGO plan: model context {Model.ContextLength} is shorter than the task's {Task.ContextLength}.");
        if (Model.Causal)
            throw new ArgumentException("LEGO plan: the model must be a bidirectional encoder (GptConfig.Causal = false).");
        if (MimicSteps < 0)
            throw new ArgumentException($"LEGO plan: MimicSteps must be ≥ 0, got {MimicSteps}.");
        if (MimicSteps > 0 && (Model.Heads < 2 || Model.FixedHeads > 0))
            throw new ArgumentException($"LEGO plan: mimicking trains heads 0 and 1 of every layer; it needs ≥ 2 learned heads (Heads {Model.Heads}, FixedHeads {Model.FixedHeads}).");
        if (WarmStart is not null && MimicSteps > 0)
            throw new ArgumentException("LEGO plan: a warm start (WarmStart) replaces the mimicking phase; MimicSteps must be 0 with it.");
        if (Model.OutputSize != 2)
            throw new ArgumentException($"LEGO plan: the model needs a 2-class head (GptConfig.OutputSize = 2), got OutputSize {Model.OutputSize}.");
    }
}
