using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B6b (paper B): trained on clauses in chain order, encoders find positional shortcuts that break
/// on shuffled sentences.
/// Protocol (docs/PHENOMENA.md §3): per seed, the shared paper-scale encoder (shuffled training) and the
/// same plan trained on ordered clauses (the ordered and shuffled specs of a seed hold the same
/// chains). In-distribution competence: each on its own test set. Comparison on the shuffled test
/// set, paired by sentence: accuracy over the supervised positions 1–6, shuffled-trained minus
/// ordered-trained. Bar: both competent in distribution; the difference ≥ 10 points with its
/// interval excluding 0. PaperScale only.
/// </summary>
/// <param name="plans">Training plans per seed and variant; default <see cref="PaperLegoModels.Plan"/>.</param>
public sealed class B6bOrderedShortcut(LegoPlanFactory? plans = null) : IPhenomenon
{
    private readonly LegoPlanFactory _plans = plans ?? PaperLegoModels.Plan;

    /// <inheritdoc />
    public string Id => "B6b";

    /// <inheritdoc />
    public QuickScaleRun QuickRun => QuickScaleRun.None;

    /// <inheritdoc />
    public string Title => "ordered-clause shortcut";

    /// <inheritdoc />
    public string Claim => "Trained on clauses in chain order, models find positional shortcuts that break on shuffled sentences.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "both competent in-distribution (≥ 95% at each supervised position); ordered-trained accuracy on the shuffled test " +
                                      "≥ 10 points below shuffled-trained (positions 1–6), interval excluding 0";

    /// <summary>Why an external model cannot be measured: B6 compares training regimes.</summary>
    public const string ExternalReason = "B6b compares two training regimes (encoders trained on shuffled and on ordered clauses); one external model file cannot be compared with itself";

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

        var shuffledOnShuffled = new List<IReadOnlyList<LegoOutcome>>();
        var orderedOnOrdered = new List<IReadOnlyList<LegoOutcome>>();
        var pairs = new List<IReadOnlyList<(LegoOutcome Shuffled, LegoOutcome Ordered)>>();
        foreach (int seed in context.Seeds)
        {
            var shuffledPlan = _plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
            var orderedPlan = _plans(seed, context.Threads, ClauseOrder.Ordered, BlockWeights.Separate);
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
        
        var shuffledAccuracy = LegoPhenomena.MeasurePositions(result, shuffledOnShuffled, n, shortcut: false, "shuffled-trained on shuffled: ");
        var orderedAccuracy = LegoPhenomena.MeasurePositions(result, orderedOnOrdered, n, shortcut: false, "ordered-trained on ordered: ");
        var orderedOnShuffledBySeed = pairs.Select(p => (IReadOnlyList<LegoOutcome>)[.. p.Select(x => x.Ordered)]).ToArray();
        LegoPhenomena.MeasurePositions(result, orderedOnShuffledBySeed, n, shortcut: false, "ordered-trained on shuffled: ");
        var gap = result.Measure($"shuffled-trained − ordered-trained on shuffled test (positions 1-{k})", Bootstrap.Estimate(pairs,
            u => LegoScoring.Accuracy([.. u.Select(x => x.Shuffled)], 1, k) - LegoScoring.Accuracy([.. u.Select(x => x.Ordered)], 1, k)));

        if (LegoPhenomena.FirstBelowFloor(shuffledAccuracy, k, "shuffled-trained: ") is { } a) return result.NotCompetent(a);
        if (LegoPhenomena.FirstBelowFloor(orderedAccuracy, k, "ordered-trained: ") is { } b) return result.NotCompetent(b);
        result.Check(gap.Mean >= 0.10 && gap.AboveZero, $"ordered-trained ≥ 10 points below shuffled-trained on shuffled input, interval excluding 0 (got {gap})");
        return result.Finish();
    }
}
