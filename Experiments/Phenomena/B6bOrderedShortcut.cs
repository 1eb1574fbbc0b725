using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B6b's procedure: trains (or loads) the shuffled- and the ordered-trained encoder of every seed,
/// tests both in distribution and on shuffled sentences, and judges the bar of <see cref="B6bSpec"/>,
/// where the protocol, thresholds and measurement keys are declared.
/// </summary>
/// <param name="plans">Training plans per seed and clause order; default <see cref="B6bSpec.Plans"/> (tests pass tiny ones).</param>
public sealed class B6bOrderedShortcut(LegoPlanFactory? plans = null)
    : LegoRegimeComparison(B6bSpec.Id, B6bSpec.Title, B6bSpec.Claim, B6bSpec.QuickRun, B6bSpec.Bar, plans ?? B6bSpec.Plans, B6bSpec.ExternalReason)
{
    /// <inheritdoc />
    protected override PhenomenonResult RunPaperScale(ResultBuilder result, PhenomenonContext context, LegoTrainingPlan first)
    {
        int n = first.Task.Variables, k = first.Task.SupervisedPositions;

        var shuffledOnShuffled = new List<IReadOnlyList<LegoOutcome>>();
        var orderedOnOrdered = new List<IReadOnlyList<LegoOutcome>>();
        var pairs = new List<IReadOnlyList<(LegoOutcome Shuffled, LegoOutcome Ordered)>>();
        foreach (int seed in context.Seeds)
        {
            var shuffledPlan = Plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
            var orderedPlan = Plans(seed, context.Threads, ClauseOrder.Ordered, BlockWeights.Separate);
            var shuffledModel = LegoModels.GetOrTrain(shuffledPlan, context, $"LEGO paper seed {seed}");
            var orderedModel = LegoModels.GetOrTrain(orderedPlan, context, $"LEGO paper ordered seed {seed}");
            result.Model(shuffledPlan.CacheKey());
            result.Model(orderedPlan.CacheKey());
            var onShuffled = LegoModels.Test(shuffledModel, shuffledPlan.Task);
            var orderedOnShuffled = LegoModels.Test(orderedModel, shuffledPlan.Task);
            shuffledOnShuffled.Add(onShuffled);
            orderedOnOrdered.Add(LegoModels.Test(orderedModel, orderedPlan.Task));
            pairs.Add([.. onShuffled.Zip(orderedOnShuffled)]);
        }

        var shuffledAccuracy = LegoPhenomena.MeasurePositions(result, shuffledOnShuffled, n, B6bSpec.ShuffledOnShuffledAt);
        var orderedAccuracy = LegoPhenomena.MeasurePositions(result, orderedOnOrdered, n, B6bSpec.OrderedOnOrderedAt);
        var orderedOnShuffledBySeed = pairs.Select(p => (IReadOnlyList<LegoOutcome>)[.. p.Select(x => x.Ordered)]).ToArray();
        LegoPhenomena.MeasurePositions(result, orderedOnShuffledBySeed, n, B6bSpec.OrderedOnShuffledAt);
        var gap = result.Measure(B6bSpec.Drop.Of(k), Bootstrap.Estimate(pairs,
            u => LegoScoring.Accuracy([.. u.Select(x => x.Shuffled)], 1, k) - LegoScoring.Accuracy([.. u.Select(x => x.Ordered)], 1, k)));

        if (LegoPhenomena.FirstBelowFloor(shuffledAccuracy, k, B6bSpec.Floor, "shuffled-trained: ") is { } a) return result.NotCompetent(a);
        if (LegoPhenomena.FirstBelowFloor(orderedAccuracy, k, B6bSpec.Floor, "ordered-trained: ") is { } b) return result.NotCompetent(b);
        result.Check(gap.Mean >= B6bSpec.MinimumDrop && gap.AboveZero, $"ordered-trained ≥ {BarText.Points(B6bSpec.MinimumDrop)} points below shuffled-trained on shuffled input, interval excluding 0 (got {gap})");
        return result.Finish();
    }
}
