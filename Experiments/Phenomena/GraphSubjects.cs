using GraphNav.Experiments.Graph;
using GraphNav.Tasks;
using GraphNav.Tasks.Files;

namespace GraphNav.Experiments.Phenomena;

/// <summary>One model a graph phenomenon measures, with the task it was trained on.</summary>
/// <param name="Seed">Seed of this model's training (sampling seeds derive from it); 0 for an external model.</param>
/// <param name="Source">Continues prompts.</param>
/// <param name="Task">The task of the model.</param>
/// <param name="Hash">Cache key or file hash, for the result record.</param>
public sealed record GraphSubject(int Seed, ICompletionSource Source, GraphTask Task, string Hash);

/// <summary>
/// The models a graph phenomenon (A2, A3) measures: the shared Bernoulli model of every seed, or —
/// when the run names an external model — that one model on its own task (metadata or the Task
/// parameter), measured as a single "seed".
/// </summary>
public static class GraphSubjects
{
    /// <summary>What the graph phenomena measure, for the reason a model of another kind does not fit.</summary>
    public const string Measures = "the graph phenomena (A2, A3, A5) measure graph-navigation decoders";

    /// <summary>Yields the subjects; external sessions live until the process ends.</summary>
    public static IEnumerable<GraphSubject> For(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExternalModel is not null)
        {
            var (opened, hash) = ExternalModels.Open(context);
            var (json, source) = ExternalModels.TaskJson(context, opened);
            var task = TaskFile.Parse(json, source);
            task.RequireVocabulary(opened.Source.VocabSize, opened.Description);
            yield return new GraphSubject(0, opened.Source, task, hash);
            yield break;
        }
        foreach (int seed in context.Seeds)
        {
            var plan = SharedGraphModels.Plan(context.Scale, seed, context.Threads);
            var model = SharedGraphModels.GetModel(plan, context);
            yield return new GraphSubject(seed, new EngineCompletionSource(model), plan.Task, plan.CacheKey());
        }
    }
}
