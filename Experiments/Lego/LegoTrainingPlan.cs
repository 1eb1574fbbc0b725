using System.Text.Json;
using GraphNav.Experiments.Caching;
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
        var model = new GptConfig
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
        }.Validated();
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
        return ModelCache.Key(description);
    }

    /// <summary>Trains from scratch on the spec's training stream; returns the trainer.</summary>
    /// <exception cref="ArgumentException">The model cannot read the task or is not a 2-class encoder.</exception>
    public Trainer Train(IProgress<TrainingProgress>? progress = null, int evaluationInterval = 0,
        Action<Trainer>? evaluate = null, CancellationToken cancellation = default)
    {
        Check();
        var trainer = Trainer.Create(Model, Training with { SequenceLength = Task.ContextLength });
        trainer.Run(new LegoBatchSource(new LegoGenerator(Task)), progress, evaluationInterval, evaluate, cancellation);
        return trainer;
    }

    /// <summary>
    /// The trained model from <paramref name="cache"/>, training and storing it first when the cache
    /// has no valid entry. The model runs with <see cref="TrainingConfig.Threads"/> threads.
    /// </summary>
    public GptModel GetOrTrain(ModelCache cache, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        return CachedModels.GetOrTrain(cache, CacheKey(), () => Train(progress, cancellation: cancellation), Training.Threads, Training.BatchSize);
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
        if (Model.OutputSize != 2)
            throw new ArgumentException($"LEGO plan: the model needs a 2-class head (GptConfig.OutputSize = 2), got OutputSize {Model.OutputSize}.");
    }
}
