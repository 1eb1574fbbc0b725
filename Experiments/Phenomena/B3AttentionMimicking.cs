using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B3 (paper B): pre-training two heads per layer toward the association and manipulation maps
/// ("mimicking") improves extrapolation over random init.
/// Protocol (docs/PHENOMENA.md §3): per seed, the shared paper-scale encoder (random init) and the same plan
/// preceded by mimicking pretraining (<see cref="PaperLegoModels.WithMimicking"/>: KL of heads 0
/// and 1 of every layer toward the same-token and band maps, then the identical LEGO training — same
/// steps, batches and sentences). Measure: mean accuracy over the unsupervised positions k+1…n on
/// the test sentences, paired by sentence; also how far heads 0/1 sit from the maps after LEGO
/// training (mean row KL). Bar: both at the competence floor; mimic − random ≥ 5 points with its
/// interval excluding 0. PaperScale only.
/// </summary>
/// <param name="plans">Training plans per seed and variant; default <see cref="PaperLegoModels.Plan"/>.</param>
public sealed class B3AttentionMimicking(LegoPlanFactory? plans = null) : IPhenomenon
{
    private readonly LegoPlanFactory _plans = plans ?? PaperLegoModels.Plan;

    /// <inheritdoc />
    public string Id => "B3";

    /// <inheritdoc />
    public QuickScaleRun QuickRun => QuickScaleRun.None;

    /// <inheritdoc />
    public string Title => "structured attention (mimicking)";

    /// <inheritdoc />
    public string Claim => "Pre-training two heads per layer toward the association and manipulation maps improves extrapolation over random init.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "mimic − random ≥ 5 points on unsupervised positions, interval excluding 0";

    /// <summary>Why an external model cannot be measured: B3 compares training regimes.</summary>
    public const string ExternalReason = "B3 compares two training regimes (mimicking pre-training and random initialisation on the same LEGO budget); one external model file cannot be compared with itself";

    /// <inheritdoc />
    public Applicability AppliesTo(ModelProfile model) => Applicability.No(ExternalReason);

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExternalModel is not null)
            return new ResultBuilder(this, context).Inconclusive(ExternalReason);
        var result = LegoPhenomena.Start(this, context, _plans);
        if (context.Scale == Scale.Quick) return result.Inconclusive(PaperLegoModels.QuickScaleReason);
        var first = _plans(context.Seeds.Count > 0 ? context.Seeds[0] : 0, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
        int n = first.Task.Variables, k = first.Task.SupervisedPositions;
        result.Parameter("mimic_steps", PaperLegoModels.WithMimicking(first).MimicSteps)
              .Parameter("mimicked_heads", "head 0 → same-token (association), head 1 → band [1,2,4,2,1] (manipulation), every layer");

        var randomOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var mimicOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var pairs = new List<IReadOnlyList<(LegoOutcome Mimic, LegoOutcome Random)>>();
        double randomKl = 0, mimicKl = 0;
        foreach (int seed in context.Seeds)
        {
            var randomPlan = _plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
            var mimicPlan = PaperLegoModels.WithMimicking(randomPlan);
            var randomModel = LegoModels.GetOrTrain(randomPlan, context, $"LEGO paper seed {seed}");
            var mimicModel = LegoModels.GetOrTrain(mimicPlan, context, $"LEGO paper mimicked seed {seed}");
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

        var randomAccuracy = LegoPhenomena.MeasurePositions(result, randomOutcomes, n, shortcut: false, "random init: ");
        var mimicAccuracy = LegoPhenomena.MeasurePositions(result, mimicOutcomes, n, shortcut: false, "mimicked: ");
        result.Measure("random init: heads 0/1 KL to the maps after training (nats per row)", randomKl);
        result.Measure("mimicked: heads 0/1 KL to the maps after training (nats per row)", mimicKl);
        result.Measure($"random init: mean accuracy at positions {k + 1}-{n}", LegoEvaluation.Accuracy(randomOutcomes, k + 1, n));
        result.Measure($"mimicked: mean accuracy at positions {k + 1}-{n}", LegoEvaluation.Accuracy(mimicOutcomes, k + 1, n));
        var gap = result.Measure($"mimic − random, mean accuracy at positions {k + 1}-{n}", Bootstrap.Estimate(pairs,
            u => LegoScoring.Accuracy([.. u.Select(x => x.Mimic)], k + 1, n) - LegoScoring.Accuracy([.. u.Select(x => x.Random)], k + 1, n)));

        if (LegoPhenomena.FirstBelowFloor(randomAccuracy, k, "random init: ") is { } a) return result.NotCompetent(a);
        if (LegoPhenomena.FirstBelowFloor(mimicAccuracy, k, "mimicked: ") is { } b) return result.NotCompetent(b);
        result.Check(gap.Mean >= 0.05 && gap.AboveZero, $"mimic − random ≥ 5 points, interval excluding 0 (got {gap})");
        return result.Finish();
    }
}
