using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B3's procedure: trains (or loads) the random-init and the mimicked encoder of every seed,
/// measures, and judges the bar of <see cref="B3Spec"/>, where the protocol, thresholds and
/// measurement keys are declared.
/// </summary>
/// <param name="plans">Training plans per seed, B3 makes both arms of each (<see cref="B3Spec.Arms"/>); default <see cref="B3Spec.Plans"/> (tests pass tiny ones).</param>
public sealed class B3AttentionMimicking(LegoPlanFactory? plans = null)
    : LegoRegimeComparison(B3Spec.Id, B3Spec.Title, B3Spec.Claim, B3Spec.QuickRun, B3Spec.Bar, plans ?? B3Spec.Plans, B3Spec.ExternalReason)
{
    /// <inheritdoc />
    protected override PhenomenonResult RunPaperScale(ResultBuilder result, PhenomenonContext context, LegoTrainingPlan first)
    {
        int n = first.Task.Variables, k = first.Task.SupervisedPositions;
        result.Parameter("mimicked_arm_mimic_steps", B3Spec.Arms(first).Mimicked.MimicSteps)
              .Parameter("mimicked_heads", "head 0 → same-token (association), head 1 → band [1,2,4,2,1] (manipulation), every layer");

        var randomOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var mimicOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var pairs = new List<IReadOnlyList<(LegoOutcome Mimic, LegoOutcome Random)>>();
        double randomKl = 0, mimicKl = 0;
        foreach (int seed in context.Seeds)
        {
            var (mimicPlan, randomPlan) = B3Spec.Arms(Plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate));
            var mimicModel = LegoModels.GetOrTrain(mimicPlan, context, $"LEGO paper seed {seed}");
            var randomModel = LegoModels.GetOrTrain(randomPlan, context, $"LEGO paper random-init seed {seed}");
            result.Model(randomPlan.CacheKey());
            result.Model(mimicPlan.CacheKey());
            var test = new LegoGenerator(randomPlan.Task).TestSet();
            var random = LegoModels.Test(randomModel, randomPlan.Task);
            var mimic = LegoModels.Test(mimicModel, mimicPlan.Task);
            randomKl += LegoAttentionLoss.Measure(randomModel, test, randomPlan.Task.ContextLength) / context.Seeds.Count;
            mimicKl += LegoAttentionLoss.Measure(mimicModel, test, mimicPlan.Task.ContextLength) / context.Seeds.Count;
            randomOutcomes.Add(random);
            mimicOutcomes.Add(mimic);
            pairs.Add([.. mimic.Zip(random)]);
        }

        var randomAccuracy = LegoPhenomena.MeasurePositions(result, randomOutcomes, n, B3Spec.RandomAccuracyAt);
        var mimicAccuracy = LegoPhenomena.MeasurePositions(result, mimicOutcomes, n, B3Spec.MimicAccuracyAt);
        result.Measure(B3Spec.RandomMapDistance, randomKl);
        result.Measure(B3Spec.MimicMapDistance, mimicKl);
        result.Measure(B3Spec.RandomMeanAccuracy.Of(k + 1, n), LegoEvaluation.Accuracy(randomOutcomes, k + 1, n));
        result.Measure(B3Spec.MimicMeanAccuracy.Of(k + 1, n), LegoEvaluation.Accuracy(mimicOutcomes, k + 1, n));
        var gain = result.Measure(B3Spec.Gain.Of(k + 1, n), Bootstrap.Estimate(pairs,
            u => LegoScoring.Accuracy([.. u.Select(x => x.Mimic)], k + 1, n) - LegoScoring.Accuracy([.. u.Select(x => x.Random)], k + 1, n)));

        if (LegoPhenomena.FirstBelowFloor(randomAccuracy, k, B3Spec.Floor, "random init: ") is { } a) return result.NotCompetent(a);
        if (LegoPhenomena.FirstBelowFloor(mimicAccuracy, k, B3Spec.Floor, "mimicked: ") is { } b) return result.NotCompetent(b);
        result.Check(gain.Mean >= B3Spec.MinimumGain && gain.AboveZero,
            $"mimic − random ≥ {BarText.Points(B3Spec.MinimumGain)} points, interval excluding 0 (got {gain})");
        return result.Finish();
    }
}
