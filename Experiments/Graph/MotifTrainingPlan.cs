using System.Globalization;
using System.Text;
using System.Text.Json;
using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Training;
using GraphNav.Models;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using GraphNav.Tasks.Motifs;

namespace GraphNav.Experiments.Graph;

/// <summary>
/// Everything that determines a trained motif-chain model (A6/A7): the motif task, the architecture, the
/// optimisation settings and the seed of the exemplar-format training stream (<see cref="MotifStream"/>
/// over the task's training orders). The motif counterpart of <see cref="GraphTrainingPlan"/>.
/// </summary>
/// <param name="Task">The motif task whose training orders the stream draws from.</param>
/// <param name="Model">Architecture; its vocabulary and context must cover the task's.</param>
/// <param name="Training">Optimisation settings (seed = initialisation seed).</param>
/// <param name="DataSeed">Seed of the training stream.</param>
public sealed record MotifTrainingPlan(MotifTask Task, GptConfig Model, TrainingConfig Training, int DataSeed)
{
    /// <summary>The library that runs the training steps (default: the backend current when the plan is made).</summary>
    public TrainingBackend Backend { get; init; } = TrainingBackend.Current;

    /// <summary>
    /// Version of the exemplar-context format the stream produces (fixed-size shuffled context with
    /// distractors, <see cref="MotifChain.SampleContext"/>); part of the cache key so a format change
    /// can never reuse a model trained on the old one.
    /// </summary>
    public const string FormatVersion = "exemplar-context/2";

    /// <summary>The paper-A GPT (2 layers, C 64, 2 heads) with context = the task's T + 1, AdamW at
    /// <paramref name="learningRate"/> (cosine to a tenth), batch 64, <paramref name="steps"/> steps;
    /// init and data from <paramref name="seed"/>.</summary>
    public static MotifTrainingPlan PaperA(MotifTask task, int seed, int steps, float learningRate = 1e-3f, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(task);
        // One more position than the task's T: the longest example (a K_train + 2 path) has T + 1 tokens, and
        // the sampler only lets a completion reach that length when the model's context holds all of them.
        var model = GptConfig.PaperA(task.Set.Tokens.VocabularySize) with { ContextLength = task.ContextLength + 1 };
        var training = new TrainingConfig
        {
            Steps = steps,
            BatchSize = 64,
            LearningRate = learningRate,
            MinLearningRate = learningRate / 10,
            WarmupSteps = Math.Min(100, steps / 10),
            Threads = threads,
            Seed = (ulong)seed,
        };
        return new MotifTrainingPlan(task, model, training, seed);
    }

    /// <summary>Training tokens the plan consumes (steps × batch × context).</summary>
    public long Tokens => (long)Training.Steps * Training.BatchSize * Task.ContextLength;

    /// <summary>Canonical text of the task: motif edge lists, the three order lists, context length, seed.</summary>
    public static string Describe(MotifTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var text = new StringBuilder();
        var set = task.Set;
        text.Append(CultureInfo.InvariantCulture, $"motifs {set.MotifCount} size {set.MotifSize} layers {set.LayerCount}\n");
        for (int m = 0; m < set.MotifCount; m++)
        {
            var motif = set.Motif(m);
            text.Append(CultureInfo.InvariantCulture, $"motif {m}:");
            for (int u = 0; u < motif.NodeCount; u++)
                foreach (int v in motif.Successors(u)) text.Append(CultureInfo.InvariantCulture, $" {u}>{v}");
            text.Append('\n');
        }
        static string Orders(IReadOnlyList<int[]> orders) => string.Join(';', orders.Select(o => string.Join(',', o)));
        text.Append("train ").Append(Orders(task.TrainOrders)).Append('\n');
        text.Append("held_out ").Append(Orders(task.HeldOutOrders)).Append('\n');
        text.Append("long ").Append(Orders(task.LongOrders)).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"context {task.ContextLength} seed {task.Seed}");
        return text.ToString();
    }

    /// <summary>Content hash of (format, task, model, training minus threads, data seed, engine version).</summary>
    public string CacheKey()
    {
        // Threads are left out on purpose: the engine's results do not depend on the thread count.
        var description = string.Join('\n',
            EngineInfo.Version,
            FormatVersion,
            Describe(Task),
            JsonSerializer.Serialize(Model),
            JsonSerializer.Serialize(Training with { Threads = 1 }),
            DataSeed.ToString(CultureInfo.InvariantCulture)) + Backend.CacheKeySuffix;
        return ModelCache.Key(description);
    }

    /// <summary>Trains from scratch — or, given <paramref name="checkpoints"/>, from the run's last
    /// checkpoint, saving new ones as it goes — reporting steps to <paramref name="progress"/>; returns the trainer.</summary>
    public Trainer Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default, TrainingCheckpoints? checkpoints = null)
    {
        var stream = new MotifStream(Task.Set, Task.TrainOrders, DataSeed);
        return ExampleTraining.Train(Model, Training, Backend, Task.Set.Tokens.VocabularySize, Task.ContextLength,
            new ExampleBatchSource(() => stream.Next().Example, Task.Set.Tokens.Pad), checkpoints, progress, evaluationInterval: 0, evaluate: null, cancellation);
    }

    /// <summary>The trained model from <paramref name="cache"/>, training and storing it first when needed;
    /// the returned model runs with <see cref="TrainingConfig.Threads"/> threads.</summary>
    public GptModel GetOrTrain(ModelCache cache, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        return CachedModels.GetOrTrain(cache, CacheKey(), checkpoints => Train(progress, cancellation, checkpoints), Training.Threads);
    }
}
