using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>Pieces shared by the paper-scale LEGO phenomena: recorded parameters, per-position
/// measurements and the competence floor (docs/PHENOMENA.md §0: ≥ 95% on the supervised positions).</summary>
public static class LegoPhenomena
{
    /// <summary>LEGO competence floor.</summary>
    public const double Floor = 0.95;

    /// <summary>A result builder with the settings of <paramref name="plans"/>' shuffled, untied plan recorded.</summary>
    public static ResultBuilder Start(IPhenomenon phenomenon, PhenomenonContext context, LegoPlanFactory plans)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plans);
        var plan = plans(context.Seeds.Count > 0 ? context.Seeds[0] : 0, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
        return new ResultBuilder(phenomenon, context)
            .Parameter("n", plan.Task.Variables)
            .Parameter("k", plan.Task.SupervisedPositions)
            .Parameter("model", $"encoder {plan.Model.Layers} layers x {plan.Model.Channels}, {plan.Model.Heads} heads, 2-class head")
            .Parameter("steps", plan.Training.Steps)
            .Parameter("batch", plan.Training.BatchSize)
            .Parameter("learning_rate", plan.Training.LearningRate)
            .Parameter("train_size", plan.Task.TrainSize)
            .Parameter("training_tokens_per_model", plan.TrainingTokens)
            .Parameter("test_sentences", plan.Task.TestSize);
    }

    /// <summary>Measures accuracy (and optionally shortcut agreement) at positions 1…n; returns the accuracies.</summary>
    public static Estimate[] MeasurePositions(ResultBuilder result, IReadOnlyList<IReadOnlyList<LegoOutcome>> outcomes, int n, bool shortcut, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(result);
        var accuracy = new Estimate[n];
        for (int p = 1; p <= n; p++)
        {
            accuracy[p - 1] = result.Measure($"{prefix}accuracy at position {p}", LegoEvaluation.Accuracy(outcomes, p));
            if (shortcut) result.Measure($"{prefix}shortcut agreement at position {p}", LegoEvaluation.ShortcutAgreement(outcomes, p));
        }
        return accuracy;
    }

    /// <summary>The reason the floor fails (first supervised position below 95%), or null.</summary>
    public static string? FirstBelowFloor(IReadOnlyList<Estimate> accuracy, int supervised, string what = "")
    {
        ArgumentNullException.ThrowIfNull(accuracy);
        for (int p = 1; p <= supervised; p++)
        {
            if (accuracy[p - 1].Mean < Floor)
                return $"{what}accuracy at supervised position {p} is {accuracy[p - 1].Mean:P1} < 95%";
        }
        return null;
    }
}
