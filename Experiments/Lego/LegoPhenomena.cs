using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>Pieces shared by the paper-scale LEGO phenomena: recorded parameters, per-position
/// measurements and the competence floor check (docs/PHENOMENA.md §0).</summary>
public static class LegoPhenomena
{
    /// <summary>A result builder with the settings of <paramref name="plans"/>' shuffled, untied plan recorded.</summary>
    public static ResultBuilder Start(IPhenomenon phenomenon, PhenomenonContext context, LegoPlanFactory plans)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plans);
        var plan = FirstPlan(context, plans);
        return new ResultBuilder(phenomenon, context)
            .Parameter("n", plan.Task.Variables)
            .Parameter("k", plan.Task.SupervisedPositions)
            .Parameter("model", $"encoder {plan.Model.Layers} layers x {plan.Model.Channels}, {plan.Model.Heads} heads, 2-class head")
            .Parameter("steps", plan.Training.Steps)
            .Parameter("batch", plan.Training.BatchSize)
            .Parameter("learning_rate", plan.Training.LearningRate)
            .Parameter("schedule", $"{plan.Training.WarmupSteps} warmup steps, then {plan.Training.Decay.ToString().ToLowerInvariant()}")
            .Parameter("mimic_steps", plan.MimicSteps)
            .Parameter("train_size", plan.Task.TrainSize)
            .Parameter("training_tokens_per_model", plan.TrainingTokens)
            .Parameter("test_sentences", plan.Task.TestSize);
    }

    /// <summary>The shuffled, untied plan of the run's first seed (seed 0 when there are none): the
    /// plan whose task fixes n and k for the whole run.</summary>
    public static LegoTrainingPlan FirstPlan(PhenomenonContext context, LegoPlanFactory plans)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plans);
        return plans(context.Seeds.Count > 0 ? context.Seeds[0] : 0, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
    }

    /// <summary>Measures accuracy at positions 1…n under <paramref name="accuracyAt"/> (one placeholder,
    /// the position); returns the accuracies.</summary>
    public static Estimate[] MeasurePositions(ResultBuilder result, IReadOnlyList<IReadOnlyList<LegoOutcome>> outcomes, int n, MeasureKey accuracyAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        var accuracy = new Estimate[n];
        for (int p = 1; p <= n; p++) accuracy[p - 1] = result.Measure(accuracyAt.Of(p), LegoEvaluation.Accuracy(outcomes, p));
        return accuracy;
    }

    /// <summary>The reason the competence floor fails (the first supervised position whose mean accuracy
    /// is below <paramref name="floor"/>), or null.</summary>
    /// <param name="accuracy">Accuracy at positions 1…n.</param>
    /// <param name="supervised">k: positions 1…k must clear the floor.</param>
    /// <param name="floor">The spec's floor, e.g. 0.95.</param>
    /// <param name="what">Which model, as a prefix of the reason (e.g. "tied: "), or empty.</param>
    public static string? FirstBelowFloor(IReadOnlyList<Estimate> accuracy, int supervised, double floor, string what = "")
    {
        ArgumentNullException.ThrowIfNull(accuracy);
        for (int p = 1; p <= supervised; p++)
        {
            if (accuracy[p - 1].Mean < floor)
                return $"{what}accuracy at supervised position {p} is {accuracy[p - 1].Mean:P1} < {BarText.Percent(floor)}";
        }
        return null;
    }
}
