using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B2 (paper B): the weight-tied encoder (ALBERT: one block applied L times, GptConfig.ShareLayers)
/// extrapolates better than the untied one.
/// Protocol (docs/PHENOMENA.md §3): per seed, the shared paper-scale untied encoder and the same plan with
/// tied layers (same steps × batch, i.e. the same token budget; same task and test set). Measure:
/// mean accuracy over the unsupervised positions 7–12 on the 1000 test sentences, paired by
/// sentence. Bar: both at the competence floor; tied − untied ≥ 5 points with its interval
/// excluding 0. PaperScale only.
/// </summary>
/// <param name="plans">Training plans per seed and variant; default <see cref="PaperLegoModels.Plan"/>.</param>
public sealed class B2WeightTying(LegoPlanFactory? plans = null) : IPhenomenon
{
    private readonly LegoPlanFactory _plans = plans ?? PaperLegoModels.Plan;

    /// <inheritdoc />
    public string Id => "B2";

    /// <inheritdoc />
    public QuickScaleRun QuickRun => QuickScaleRun.None;

    /// <inheritdoc />
    public string Title => "weight tying";

    /// <inheritdoc />
    public string Claim => "The weight-tied encoder extrapolates better than the untied one.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "both competent (≥ 95% at each supervised position); tied − untied ≥ 5 points on mean accuracy at " +
                                      "unsupervised positions 7–12 (same token budget), interval excluding 0";

    /// <summary>Why an external model cannot be measured: B2 compares training regimes.</summary>
    public const string ExternalReason = "B2 compares two training regimes (tied and untied encoders trained on the same budget); one external model file cannot be compared with itself";

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

        var untiedOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var tiedOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var pairs = new List<IReadOnlyList<(LegoOutcome Tied, LegoOutcome Untied)>>();
        foreach (int seed in context.Seeds)
        {
            var untiedPlan = _plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
            var tiedPlan = _plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Tied);
            var untied = LegoModels.Test(LegoModels.GetOrTrain(untiedPlan, context, $"LEGO paper seed {seed}"), untiedPlan.Task);
            var tied = LegoModels.Test(LegoModels.GetOrTrain(tiedPlan, context, $"LEGO paper tied seed {seed}"), tiedPlan.Task);
            result.Model(untiedPlan.CacheKey());
            result.Model(tiedPlan.CacheKey());
            untiedOutcomes.Add(untied);
            tiedOutcomes.Add(tied);
            pairs.Add([.. tied.Zip(untied)]);
        }
        
        var untiedAccuracy = LegoPhenomena.MeasurePositions(result, untiedOutcomes, n, shortcut: false, "untied: ");
        var tiedAccuracy = LegoPhenomena.MeasurePositions(result, tiedOutcomes, n, shortcut: false, "tied: ");
        result.Measure($"untied: mean accuracy at positions {k + 1}-{n}", LegoEvaluation.Accuracy(untiedOutcomes, k + 1, n));
        result.Measure($"tied: mean accuracy at positions {k + 1}-{n}", LegoEvaluation.Accuracy(tiedOutcomes, k + 1, n));
        var gap = result.Measure($"tied − untied, mean accuracy at positions {k + 1}-{n}", Bootstrap.Estimate(pairs,
            u => LegoScoring.Accuracy([.. u.Select(x => x.Tied)], k + 1, n) - LegoScoring.Accuracy([.. u.Select(x => x.Untied)], k + 1, n)));

        if (LegoPhenomena.FirstBelowFloor(untiedAccuracy, k, "untied: ") is { } a) return result.NotCompetent(a);
        if (LegoPhenomena.FirstBelowFloor(tiedAccuracy, k, "tied: ") is { } b) return result.NotCompetent(b);
        result.Check(gap.Mean >= 0.05 && gap.AboveZero, $"tied − untied ≥ 5 points, interval excluding 0 (got {gap})");
        return result.Finish();
    }
}
