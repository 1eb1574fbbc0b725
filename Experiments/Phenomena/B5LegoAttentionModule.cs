using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B5 (paper B): the LEGO attention module — replacing k of h heads per layer by the hard-coded
/// association (same-token) and manipulation (band) maps keeps accuracy while cutting attention FLOPs.
/// Protocol (docs/PHENOMENA.md §3): per seed, the shared paper-scale encoder (vanilla) and the same plan with
/// heads 0…k−1 of every layer fixed (<see cref="PaperLegoModels.WithHardCodedHeads"/>, k = 2: same
/// model size, task, sentences and budget). Measure: mean accuracy on the supervised positions 1…k
/// and the unsupervised positions k+1…n, hard-coded − vanilla paired by test sentence; attention
/// multiply-adds per sequence from <see cref="AttentionFlops"/>. Bar: both at the competence floor;
/// each difference's interval inside ±2 points; the hard-coded model's q·kᵀ work lower by k/h.
/// PaperScale only.
/// </summary>
/// <param name="plans">Training plans per seed and variant; default <see cref="PaperLegoModels.Plan"/>.</param>
public sealed class B5LegoAttentionModule(LegoPlanFactory? plans = null) : IPhenomenon
{
    private readonly LegoPlanFactory _plans = plans ?? PaperLegoModels.Plan;

    /// <inheritdoc />
    public string Id => "B5";

    /// <inheritdoc />
    public QuickScaleRun QuickRun => QuickScaleRun.None;

    /// <inheritdoc />
    public string Title => "LEGO attention module";

    /// <inheritdoc />
    public string Claim => "Replacing k of h heads by hard-coded association/manipulation maps keeps accuracy while cutting attention FLOPs.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "both at the competence floor; accuracy within 2 points of vanilla on supervised and unsupervised positions (interval of the difference inside ±2); attention FLOPs lower by k/h of the QK work";

    /// <summary>Why an external model cannot be measured: B5 compares training regimes.</summary>
    public const string ExternalReason = "B5 compares two training regimes (hard-coded and learned heads on the same budget); one external model file cannot be compared with itself";

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
        var firstFixed = PaperLegoModels.WithHardCodedHeads(first);
        int n = first.Task.Variables, k = first.Task.SupervisedPositions, T = first.Task.ContextLength;
        int heads = first.Model.Heads, fixedHeads = firstFixed.Model.FixedHeads;
        result.Parameter("hard_coded_heads", $"{fixedHeads} of {heads} per layer (head 0 same-token, head 1 band [1,2,4,2,1])");

        // The FLOP part of the bar is a property of the two configs (counted, not timed).
        var vanillaFlops = AttentionFlops.Count(first.Model, T);
        var fixedFlops = AttentionFlops.Count(firstFixed.Model, T);
        result.Measure("vanilla: attention q·kᵀ multiply-adds per sequence", vanillaFlops.QueryKey);
        result.Measure("hard-coded: attention q·kᵀ multiply-adds per sequence", fixedFlops.QueryKey);
        result.Measure("vanilla: attention multiply-adds per sequence (q·kᵀ + att·v)", vanillaFlops.Total);
        result.Measure("hard-coded: attention multiply-adds per sequence (q·kᵀ + att·v)", fixedFlops.Total);
        double qkSaving = result.Measure("q·kᵀ work saved (fraction)", 1 - (double)fixedFlops.QueryKey / vanillaFlops.QueryKey);

        var vanillaOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var fixedOutcomes = new List<IReadOnlyList<LegoOutcome>>();
        var pairs = new List<IReadOnlyList<(LegoOutcome Fixed, LegoOutcome Vanilla)>>();
        foreach (int seed in context.Seeds)
        {
            var vanillaPlan = _plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
            var fixedPlan = PaperLegoModels.WithHardCodedHeads(vanillaPlan);
            var vanilla = LegoModels.Test(LegoModels.GetOrTrain(vanillaPlan, context, $"LEGO paper seed {seed}"), vanillaPlan.Task);
            var hardCoded = LegoModels.Test(LegoModels.GetOrTrain(fixedPlan, context, $"LEGO paper hard-coded heads seed {seed}"), fixedPlan.Task);
            result.Model(vanillaPlan.CacheKey());
            result.Model(fixedPlan.CacheKey());
            vanillaOutcomes.Add(vanilla);
            fixedOutcomes.Add(hardCoded);
            pairs.Add([.. hardCoded.Zip(vanilla)]);
        }

        var vanillaAccuracy = LegoPhenomena.MeasurePositions(result, vanillaOutcomes, n, shortcut: false, "vanilla: ");
        var fixedAccuracy = LegoPhenomena.MeasurePositions(result, fixedOutcomes, n, shortcut: false, "hard-coded: ");
        var supervised = Difference(result, pairs, 1, k);
        var unsupervised = Difference(result, pairs, k + 1, n);

        if (LegoPhenomena.FirstBelowFloor(vanillaAccuracy, k, "vanilla: ") is { } a) return result.NotCompetent(a);
        if (LegoPhenomena.FirstBelowFloor(fixedAccuracy, k, "hard-coded: ") is { } b) return result.NotCompetent(b);
        result.Check(supervised.Low >= -0.02 && supervised.High <= 0.02,
            $"hard-coded − vanilla on positions 1-{k} inside ±2 points (got {supervised})");
        result.Check(unsupervised.Low >= -0.02 && unsupervised.High <= 0.02,
            $"hard-coded − vanilla on positions {k + 1}-{n} inside ±2 points (got {unsupervised})");
        double expected = (double)fixedHeads / heads;
        result.Check(Math.Abs(qkSaving - expected) < 1e-12, $"q·kᵀ work lower by k/h = {expected:0.###} (got {qkSaving:0.###})");
        return result.Finish();
    }

    private static Estimate Difference(ResultBuilder result, List<IReadOnlyList<(LegoOutcome Fixed, LegoOutcome Vanilla)>> pairs, int first, int last)
    {
        result.Measure($"vanilla: mean accuracy at positions {first}-{last}", LegoEvaluation.Accuracy(
            [.. pairs.Select(u => (IReadOnlyList<LegoOutcome>)[.. u.Select(x => x.Vanilla)])], first, last));
        result.Measure($"hard-coded: mean accuracy at positions {first}-{last}", LegoEvaluation.Accuracy(
            [.. pairs.Select(u => (IReadOnlyList<LegoOutcome>)[.. u.Select(x => x.Fixed)])], first, last));
        return result.Measure($"hard-coded − vanilla, mean accuracy at positions {first}-{last}", Bootstrap.Estimate(pairs,
            u => LegoScoring.Accuracy([.. u.Select(x => x.Fixed)], first, last) - LegoScoring.Accuracy([.. u.Select(x => x.Vanilla)], first, last)));
    }
}
