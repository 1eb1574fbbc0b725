using System.Globalization;
using System.Text.Json;
using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Training;
using GraphNav.Models;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using GraphNav.Tasks;
using GraphNav.Tasks.Files;

namespace GraphNav.Experiments.Graph;

/// <summary>
/// Everything that determines a trained graph model: the task, the architecture, the optimisation
/// settings and the seed of the training stream. Its <see cref="CacheKey"/> hashes all of it plus
/// the engine version, so the trained-model cache can never hand back a model trained differently.
/// </summary>
/// <param name="Task">The task whose training stream the model sees.</param>
/// <param name="Model">Architecture; its vocabulary and context must cover the task's.</param>
/// <param name="Training">Optimisation settings (seed = initialisation seed).</param>
/// <param name="DataSeed">Seed of the task's example stream.</param>
public sealed record GraphTrainingPlan(GraphTask Task, GptConfig Model, TrainingConfig Training, int DataSeed)
{
    /// <summary>The library that runs the training steps (default: the backend current when the plan is made).</summary>
    public TrainingBackend Backend { get; init; } = TrainingBackend.Current;

    /// <summary>The plan the suite and the CLI use for a task: the paper-A GPT (2 layers, C 64, 2 heads),
    /// AdamW at 1e-3, batch 64, <paramref name="steps"/> steps; init and data drawn from <paramref name="seed"/>.</summary>
    public static GraphTrainingPlan PaperA(GraphTask task, int seed, int steps, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(task);
        var model = GptConfig.PaperA(task.Tokens.VocabularySize) with { ContextLength = task.ContextLength };
        var training = new TrainingConfig
        {
            Steps = steps,
            BatchSize = 64,
            LearningRate = 1e-3f,
            MinLearningRate = 1e-4f,
            WarmupSteps = Math.Min(100, steps / 10),
            Threads = threads,
            Seed = (ulong)seed,
        };
        return new GraphTrainingPlan(task, model, training, seed);
    }

    /// <summary>Content hash of (task, model, training minus threads, data seed, engine version).</summary>
    public string CacheKey()
    {
        // Threads are left out on purpose: the engine's results do not depend on the thread count.
        var description = string.Join('\n',
            EngineInfo.Version,
            TaskFile.ToJson(Task),
            JsonSerializer.Serialize(Model),
            JsonSerializer.Serialize(Training with { Threads = 1 }),
            DataSeed.ToString(CultureInfo.InvariantCulture)) + Backend.CacheKeySuffix;
        return ModelCache.Key(description);
    }

    /// <summary>Trains from scratch — or, given <paramref name="checkpoints"/>, from the run's last
    /// checkpoint, saving new ones as it goes — reporting steps to <paramref name="progress"/>; returns the trainer.</summary>
    public Trainer Train(IProgress<TrainingProgress>? progress = null, int evaluationInterval = 0,
        Action<Trainer>? evaluate = null, CancellationToken cancellation = default, TrainingCheckpoints? checkpoints = null)
        => ExampleTraining.Train(Model, Training, Backend, Task.Tokens.VocabularySize, Task.ContextLength,
            ExampleBatchSource.For(Task, DataSeed), checkpoints, progress, evaluationInterval, evaluate, cancellation);

    /// <summary>
    /// The trained model from <paramref name="cache"/>, training and storing it first when the cache
    /// has no valid entry. The returned model runs with <see cref="TrainingConfig.Threads"/> threads.
    /// </summary>
    public GptModel GetOrTrain(ModelCache cache, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        return CachedModels.GetOrTrain(cache, CacheKey(), checkpoints => Train(progress, cancellation: cancellation, checkpoints: checkpoints), Training.Threads);
    }
}
