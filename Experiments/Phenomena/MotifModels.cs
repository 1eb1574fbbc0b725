using GraphNav.Experiments.Graph;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Motifs;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// One motif-chain model per seed serves A6 and A7 (docs/PHENOMENA.md §2): the paper-A GPT trained on the
/// exemplar-format stream of chains of ≤ K_train = 3 of 5 motifs (some orders held out), context
/// covering K_train + 2 = 5-motif chains. A7 needs no extra training.
/// </summary>
public static class MotifModels
{
    /// <summary>The motif task of one seed (5 motifs of 3 layers × 4 nodes, p 0.4, K_train 3, 20% held out).</summary>
    public static MotifTask Task(int seed) => MotifTask.CreateQuick(seed);

    /// <summary>
    /// What the motif task is at <paramref name="scale"/> (issue #18): there is one motif task, the quick
    /// one (5 motifs of 3 × 4 nodes); paper scale trains the same task 4× longer, it does not define a
    /// larger paper task.
    /// </summary>
    public static string TaskScaleNote(Scale scale) => scale == Scale.Quick
        ? "the quick motif task"
        : "the quick motif task (paper scale trains it 4× longer; no larger paper-scale motif task is defined)";

    /// <summary>Optimizer steps (batch 64, T 31: 2000 steps ≈ 4.0M tokens at quick scale).</summary>
    public static int Steps(Scale scale) => scale == Scale.Quick ? 2000 : 8000;

    /// <summary>Peak learning rate (cosine to a tenth).</summary>
    /// <remarks>Competence search (floor on training orders only): at 1e-3 seeds 0 and 2 reached 100% but
    /// seed 1 stalled at 73% (loss plateau ≈ 0.54: it never learned to read the exemplars); at 3e-3 seed 1
    /// reaches 99.5% within the same 2000 steps.</remarks>
    public const float LearningRate = 3e-3f;

    /// <summary>The training plan of one seed.</summary>
    public static MotifTrainingPlan Plan(Scale scale, int seed, int threads) =>
        MotifTrainingPlan.PaperA(Task(seed), seed, Steps(scale), LearningRate, threads);

    /// <summary>The trained model from the cache, or trained now with progress lines.</summary>
    public static GptModel GetOrTrain(MotifTrainingPlan plan, PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(context);
        var model = plan.GetOrTrain(context.Cache, new InlineProgress<Models.Training.TrainingProgress>(p =>
        {
            if (p.Step == 1) context.Say($"training motif model seed {plan.DataSeed}: {plan.Training.Steps} steps, {plan.Tokens / 1e6:F2}M tokens");
            if (p.Step % 250 == 0) context.Say($"  step {p.Step}/{plan.Training.Steps} loss {p.Loss:F3} ({p.TokensPerSecond / 1000:F0}k tokens/s)");
        }));
        model.Threads = context.Threads;
        return model;
    }
}

/// <summary>One model a motif phenomenon (A6, A7) measures, with its motif task.</summary>
/// <param name="Seed">Seed of the model's training (trial draws derive from it); 0 for an external model.</param>
/// <param name="Source">Continues prompts.</param>
/// <param name="Task">The motif task of the model.</param>
/// <param name="Hash">Cache key or file hash, for the result record.</param>
public sealed record MotifSubject(int Seed, ICompletionSource Source, MotifTask Task, string Hash);

/// <summary>The models A6 and A7 measure: the motif model of every seed, or the run's external model on its motif task.</summary>
public static class MotifSubjects
{
    /// <summary>What the motif phenomena measure, for the reason a model of another kind does not fit.</summary>
    public const string Measures = "A6 and A7 measure decoders trained on a motif task";

    /// <summary>Yields the subjects; external sessions live until the process ends.</summary>
    public static IEnumerable<MotifSubject> For(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExternalModel is not null)
        {
            var (opened, hash) = ExternalModels.Open(context);
            var (json, source) = ExternalModels.TaskJson(context, opened);
            var task = Tasks.Files.MotifTaskFile.Parse(json, source);
            ExternalModels.CheckVocabulary(opened, task.Set.Tokens.VocabularySize);
            yield return new MotifSubject(0, opened.Source, task, hash);
            yield break;
        }
        foreach (int seed in context.Seeds)
        {
            var plan = MotifModels.Plan(context.Scale, seed, context.Threads);
            yield return new MotifSubject(seed, new EngineCompletionSource(MotifModels.GetOrTrain(plan, context)), plan.Task, plan.CacheKey());
        }
    }
}
