using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B1's procedure: trains (or loads) the encoder of every seed, or opens an external one, measures,
/// and judges the bar of <see cref="B1Spec"/>, where the protocol, thresholds and measurement keys are declared.
/// </summary>
/// <param name="plans">Training plans per seed; default <see cref="B1Spec.Plans"/> (tests pass tiny ones).</param>
public sealed class B1LengthExtrapolation(LegoPlanFactory? plans = null)
    : PaperLegoPhenomenon(B1Spec.Id, B1Spec.Title, B1Spec.Claim, B1Spec.QuickRun, B1Spec.Bar, plans ?? B1Spec.Plans)
{
    /// <inheritdoc />
    public override Applicability AppliesTo(ModelProfile model) => Applicability.ForTask(model, ModelProfile.Lego, ExternalLegoModel.LegoMeasures);

    /// <inheritdoc />
    protected override PhenomenonResult RunPaperScale(ResultBuilder result, PhenomenonContext context, LegoTrainingPlan first)
    {
        int n = first.Task.Variables, k = first.Task.SupervisedPositions;

        var outcomes = new List<IReadOnlyList<LegoOutcome>>();
        foreach (int seed in context.Seeds)
        {
            var plan = Plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
            var model = LegoModels.GetOrTrain(plan, context, $"LEGO paper seed {seed}");
            result.Model(plan.CacheKey());
            outcomes.Add(LegoModels.Test(model, plan.Task));
        }
        return Judge(result, outcomes, n, k);
    }

    /// <summary>The external model on its task's test sentences.</summary>
    protected override PhenomenonResult RunExternal(PhenomenonContext context)
    {
        var result = new ResultBuilder(this, context);
        using var external = ExternalLegoModel.Open(context);
        external.Record(result);
        context.Say($"B1: {external.Description} on {external.TestSentences.Count} test sentences");
        return Judge(result, [external.Evaluate()], external.Spec.Variables, external.Spec.SupervisedPositions);
    }

    /// <summary>Per-position accuracy, means over the supervised and later positions, then the floor.</summary>
    private static PhenomenonResult Judge(ResultBuilder result, IReadOnlyList<IReadOnlyList<LegoOutcome>> outcomes, int n, int k)
    {
        var accuracy = LegoPhenomena.MeasurePositions(result, outcomes, n, B1Spec.AccuracyAt);
        result.Measure(B1Spec.MeanAccuracy.Of(1, k), LegoEvaluation.Accuracy(outcomes, 1, k));
        if (k < n) result.Measure(B1Spec.MeanAccuracy.Of(k + 1, n), LegoEvaluation.Accuracy(outcomes, k + 1, n));
        if (LegoPhenomena.FirstBelowFloor(accuracy, k, B1Spec.Floor) is { } reason) return result.NotCompetent(reason);
        return result.Finish();
    }
}
