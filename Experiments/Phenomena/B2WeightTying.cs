using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B2's procedure: trains (or loads) the untied and the tied encoder of every seed, measures, and
/// judges the bar of <see cref="B2Spec"/>, where the protocol, thresholds and measurement keys are declared.
/// </summary>
/// <param name="plans">Training plans per seed and variant; default <see cref="B2Spec.Plans"/> (tests pass tiny ones).</param>
public sealed class B2WeightTying(LegoPlanFactory? plans = null)
    : LegoRegimeComparison(B2Spec.Id, B2Spec.Title, B2Spec.Claim, B2Spec.QuickRun, B2Spec.Bar, plans ?? B2Spec.Plans, B2Spec.ExternalReason)
{
    /// <inheritdoc />
    protected override PhenomenonResult RunPaperScale(ResultBuilder result, PhenomenonContext context, LegoTrainingPlan first)
    {
        int n = first.Task.Variables, k = first.Task.SupervisedPositions;

        var untiedOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var tiedOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var pairs = new List<IReadOnlyList<(LegoOutcome Tied, LegoOutcome Untied)>>();
        foreach (int seed in context.Seeds)
        {
            var untiedPlan = Plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
            var tiedPlan = Plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Tied);
            var untied = LegoModels.Test(LegoModels.GetOrTrain(untiedPlan, context, $"LEGO paper seed {seed}"), untiedPlan.Task);
            var tied = LegoModels.Test(LegoModels.GetOrTrain(tiedPlan, context, $"LEGO paper tied seed {seed}"), tiedPlan.Task);
            result.Model(untiedPlan.CacheKey());
            result.Model(tiedPlan.CacheKey());
            untiedOutcomes.Add(untied);
            tiedOutcomes.Add(tied);
            pairs.Add([.. tied.Zip(untied)]);
        }

        var untiedAccuracy = LegoPhenomena.MeasurePositions(result, untiedOutcomes, n, B2Spec.UntiedAccuracyAt);
        var tiedAccuracy = LegoPhenomena.MeasurePositions(result, tiedOutcomes, n, B2Spec.TiedAccuracyAt);
        result.Measure(B2Spec.UntiedMeanAccuracy.Of(k + 1, n), LegoEvaluation.Accuracy(untiedOutcomes, k + 1, n));
        result.Measure(B2Spec.TiedMeanAccuracy.Of(k + 1, n), LegoEvaluation.Accuracy(tiedOutcomes, k + 1, n));
        var gain = result.Measure(B2Spec.Gain.Of(k + 1, n), Bootstrap.Estimate(pairs,
            u => LegoScoring.Accuracy([.. u.Select(x => x.Tied)], k + 1, n) - LegoScoring.Accuracy([.. u.Select(x => x.Untied)], k + 1, n)));

        if (LegoPhenomena.FirstBelowFloor(untiedAccuracy, k, B2Spec.Floor, "untied: ") is { } a) return result.NotCompetent(a);
        if (LegoPhenomena.FirstBelowFloor(tiedAccuracy, k, B2Spec.Floor, "tied: ") is { } b) return result.NotCompetent(b);
        result.Check(gain.Mean >= B2Spec.MinimumGain && gain.AboveZero,
            $"tied − untied ≥ {BarText.Points(B2Spec.MinimumGain)} points, interval excluding 0 (got {gain})");
        return result.Finish();
    }
}
