using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B1 (paper B): trained on the first k = 6 chain positions of n = 12, encoders master them; the
/// accuracy on positions 7–12 measures reasoning that generalises beyond the supervision.
/// Protocol (docs/PHENOMENA.md §3): per seed, the shared paper-scale encoder (<see cref="PaperLegoModels"/>);
/// per-position accuracy on the 1000 test sentences, bootstrapped over sentences.
/// Bar: competence floor — accuracy ≥ 95% at each supervised position; later positions are
/// reported with intervals. PaperScale only.
/// An external encoder (<see cref="ExternalLegoModel"/>) is measured at any scale on its own LEGO
/// task's test sentences, as one "seed"; its floor is on positions 1…k of that task.
/// </summary>
/// <param name="plans">Training plans per seed and variant; default <see cref="PaperLegoModels.Plan"/>.</param>
public sealed class B1LengthExtrapolation(LegoPlanFactory? plans = null) : IPhenomenon
{
    private readonly LegoPlanFactory _plans = plans ?? PaperLegoModels.Plan;

    /// <inheritdoc />
    public string Id => "B1";

    /// <inheritdoc />
    public QuickScaleRun QuickRun => QuickScaleRun.None;

    /// <inheritdoc />
    public string Title => "length extrapolation";

    /// <inheritdoc />
    public string Claim => "Trained on the first k positions, models master them; accuracy on later positions measures reasoning that generalises.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "competence floor (≥ 95% at each supervised position 1–6; an external model: 1–k of its task); " +
                                      "later positions reported with intervals";

    /// <inheritdoc />
    public Applicability AppliesTo(ModelProfile model) => Applicability.ForTask(model, ModelProfile.Lego, ExternalLegoModel.LegoMeasures);

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExternalModel is not null) return RunExternal(context);
        var result = LegoPhenomena.Start(this, context, _plans);
        if (context.Scale == Scale.Quick) return result.Inconclusive(PaperLegoModels.QuickScaleReason);
        var first = _plans(context.Seeds.Count > 0 ? context.Seeds[0] : 0, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
        int n = first.Task.Variables, k = first.Task.SupervisedPositions;

        var outcomes = new List<IReadOnlyList<LegoOutcome>>();
        foreach (int seed in context.Seeds)
        {
            var plan = _plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
            var model = LegoModels.GetOrTrain(plan, context, $"LEGO paper seed {seed}");
            result.Model(plan.CacheKey());
            outcomes.Add(LegoModels.Test(model, plan.Task));
        }
        return Judge(result, outcomes, n, k);
    }

    /// <summary>The external model on its task's test sentences.</summary>
    private PhenomenonResult RunExternal(PhenomenonContext context)
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
        var accuracy = LegoPhenomena.MeasurePositions(result, outcomes, n, shortcut: false);
        result.Measure($"mean accuracy at positions 1-{k}", LegoEvaluation.Accuracy(outcomes, 1, k));
        if (k < n) result.Measure($"mean accuracy at positions {k + 1}-{n}", LegoEvaluation.Accuracy(outcomes, k + 1, n));
        if (LegoPhenomena.FirstBelowFloor(accuracy, k) is { } reason) return result.NotCompetent(reason);
        return result.Finish();
    }
}
