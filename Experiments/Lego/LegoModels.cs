using GraphNav.Experiments.Phenomena;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>
/// Trains (or loads from the context's cache) the LEGO encoders the B phenomena measure, reporting
/// progress through the context, and evaluates them on the spec's fixed test set.
/// </summary>
public static class LegoModels
{
    /// <summary>The trained model of <paramref name="plan"/>, from the cache or trained now (threads from the context).</summary>
    public static GptModel GetOrTrain(LegoTrainingPlan plan, PhenomenonContext context, string label)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(context);
        var threaded = plan with { Training = plan.Training with { Threads = context.Threads } };
        int every = Math.Max(1, plan.Training.Steps / 8);
        var progress = new InlineProgress<TrainingProgress>(p =>
        {
            if (p.Step % every == 0)
                context.Say($"  {label} step {p.Step}/{plan.Training.Steps} loss {p.Loss:F4} ({p.TokensPerSecond / 1000:F0}k tokens/s)");
        });
        var model = threaded.GetOrTrain(context.Cache, progress);
        model.Threads = context.Threads;
        return model;
    }

    /// <summary>Outcomes of <paramref name="model"/> on the spec's test set (one per sentence).</summary>
    public static LegoOutcome[] Test(GptModel model, LegoSpec spec)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spec);
        return LegoEvaluation.Evaluate(model, new LegoGenerator(spec).TestSet(), spec.ContextLength);
    }
}
