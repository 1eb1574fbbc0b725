using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B5's procedure: trains (or loads) the vanilla and the hard-coded encoder of every seed, counts
/// their attention work, measures, and judges the bar of <see cref="B5Spec"/>, where the protocol,
/// thresholds and measurement keys are declared.
/// </summary>
/// <param name="plans">Vanilla training plans per seed; default <see cref="B5Spec.Plans"/> (tests pass tiny ones).</param>
public sealed class B5LegoAttentionModule(LegoPlanFactory? plans = null)
    : LegoRegimeComparison(B5Spec.Id, B5Spec.Title, B5Spec.Claim, B5Spec.QuickRun, B5Spec.Bar, plans ?? B5Spec.Plans, B5Spec.ExternalReason)
{
    /// <inheritdoc />
    protected override PhenomenonResult RunPaperScale(ResultBuilder result, PhenomenonContext context, LegoTrainingPlan first)
    {
        var firstFixed = B5Spec.WithHardCodedHeads(first);
        int n = first.Task.Variables, k = first.Task.SupervisedPositions, T = first.Task.ContextLength;
        int heads = first.Model.Heads, fixedHeads = firstFixed.Model.FixedHeads;
        result.Parameter("hard_coded_heads", $"{fixedHeads} of {heads} per layer (head 0 same-token, head 1 band [1,2,4,2,1])");

        // The FLOP part of the bar is a property of the two configs (counted, not timed).
        var vanillaFlops = AttentionFlops.Count(first.Model, T);
        var fixedFlops = AttentionFlops.Count(firstFixed.Model, T);
        result.Measure(B5Spec.VanillaQueryKeyWork, vanillaFlops.QueryKey);
        result.Measure(B5Spec.HardCodedQueryKeyWork, fixedFlops.QueryKey);
        result.Measure(B5Spec.VanillaAttentionWork, vanillaFlops.Total);
        result.Measure(B5Spec.HardCodedAttentionWork, fixedFlops.Total);
        double qkSaving = result.Measure(B5Spec.QueryKeySaving, 1 - (double)fixedFlops.QueryKey / vanillaFlops.QueryKey);

        var vanillaOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var fixedOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var pairs = new List<IReadOnlyList<(LegoOutcome Fixed, LegoOutcome Vanilla)>>();
        foreach (int seed in context.Seeds)
        {
            var vanillaPlan = Plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
            var fixedPlan = B5Spec.WithHardCodedHeads(vanillaPlan);
            var vanilla = LegoModels.Test(LegoModels.GetOrTrain(vanillaPlan, context, $"LEGO paper seed {seed}"), vanillaPlan.Task);
            var hardCoded = LegoModels.Test(LegoModels.GetOrTrain(fixedPlan, context, $"LEGO paper hard-coded heads seed {seed}"), fixedPlan.Task);
            result.Model(vanillaPlan.CacheKey());
            result.Model(fixedPlan.CacheKey());
            vanillaOutcomes.Add(vanilla);
            fixedOutcomes.Add(hardCoded);
            pairs.Add([.. hardCoded.Zip(vanilla)]);
        }

        var vanillaAccuracy = LegoPhenomena.MeasurePositions(result, vanillaOutcomes, n, B5Spec.VanillaAccuracyAt);
        var fixedAccuracy = LegoPhenomena.MeasurePositions(result, fixedOutcomes, n, B5Spec.HardCodedAccuracyAt);
        var supervised = Difference(result, pairs, 1, k);
        var unsupervised = Difference(result, pairs, k + 1, n);

        if (LegoPhenomena.FirstBelowFloor(vanillaAccuracy, k, B5Spec.Floor, "vanilla: ") is { } a) return result.NotCompetent(a);
        if (LegoPhenomena.FirstBelowFloor(fixedAccuracy, k, B5Spec.Floor, "hard-coded: ") is { } b) return result.NotCompetent(b);
        const double tolerance = B5Spec.Tolerance;
        result.Check(supervised.Low >= -tolerance && supervised.High <= tolerance,
            $"hard-coded − vanilla on positions 1-{k} inside ±{BarText.Points(tolerance)} points (got {supervised})");
        result.Check(unsupervised.Low >= -tolerance && unsupervised.High <= tolerance,
            $"hard-coded − vanilla on positions {k + 1}-{n} inside ±{BarText.Points(tolerance)} points (got {unsupervised})");
        double expected = (double)fixedHeads / heads;
        // Both counts are exact integers, so the saving equals k/h up to rounding of the division.
        result.Check(Math.Abs(qkSaving - expected) < 1e-12, $"q·kᵀ work lower by k/h = {expected:0.###} (got {qkSaving:0.###})");
        return result.Finish();
    }

    /// <summary>Both models' mean accuracy over positions <paramref name="first"/>…<paramref name="last"/> and
    /// their difference, paired by sentence; returns the difference.</summary>
    private static Estimate Difference(ResultBuilder result, List<IReadOnlyList<(LegoOutcome Fixed, LegoOutcome Vanilla)>> pairs, int first, int last)
    {
        result.Measure(B5Spec.VanillaMeanAccuracy.Of(first, last), LegoEvaluation.Accuracy(
            [.. pairs.Select(u => (IReadOnlyList<LegoOutcome>)[.. u.Select(x => x.Vanilla)])], first, last));
        result.Measure(B5Spec.HardCodedMeanAccuracy.Of(first, last), LegoEvaluation.Accuracy(
            [.. pairs.Select(u => (IReadOnlyList<LegoOutcome>)[.. u.Select(x => x.Fixed)])], first, last));
        return result.Measure(B5Spec.Difference.Of(first, last), Bootstrap.Estimate(pairs,
            u => LegoScoring.Accuracy([.. u.Select(x => x.Fixed)], first, last) - LegoScoring.Accuracy([.. u.Select(x => x.Vanilla)], first, last)));
    }
}
