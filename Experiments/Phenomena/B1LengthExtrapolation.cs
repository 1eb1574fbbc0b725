using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B1 (paper B): trained on the first k = 6 chain positions of n = 12, encoders master them; the
/// accuracy on positions 7–12 measures reasoning that generalises beyond the supervision.
/// Protocol (PHENOMENA §3): per seed, the shared paper-scale encoder (<see cref="PaperLegoModels"/>);
/// per-position accuracy on the 1000 test sentences, bootstrapped over sentences.
/// Bar: competence floor — accuracy ≥ 95% at each supervised position; later positions are
/// reported with intervals. PaperScale only.
/// </summary>
public sealed class B1LengthExtrapolation : IPhenomenon
{
    /// <inheritdoc />
    public string Id => "B1";

    /// <inheritdoc />
    public string Title => "length extrapolation";

    /// <inheritdoc />
    public string Claim => "Trained on the first k positions, models master them; accuracy on later positions measures reasoning that generalises.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "competence floor (≥ 95% at each supervised position 1–6); positions 7–12 reported with intervals";

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = LegoPhenomena.Start(this, context);
        if (context.Scale == Scale.Quick) return result.Inconclusive(PaperLegoModels.QuickScaleReason);
        if (context.ExternalModel is not null) return result.Inconclusive("B1 trains its own encoders; external LEGO models are not wired yet");

        var outcomes = new List<IReadOnlyList<LegoOutcome>>();
        foreach (int seed in context.Seeds)
        {
            var plan = PaperLegoModels.Plan(seed, context.Threads);
            var model = LegoModels.GetOrTrain(plan, context, $"LEGO paper seed {seed}");
            result.Model(plan.CacheKey());
            outcomes.Add(LegoModels.Test(model, plan.Task));
        }
        var accuracy = LegoPhenomena.MeasurePositions(result, outcomes, PaperLegoModels.Variables, shortcut: false);
        result.Measure("mean accuracy at positions 1-6", LegoEvaluation.Accuracy(outcomes, 1, PaperLegoModels.Supervised));
        result.Measure("mean accuracy at positions 7-12", LegoEvaluation.Accuracy(outcomes, PaperLegoModels.Supervised + 1, PaperLegoModels.Variables));
        if (LegoPhenomena.FirstBelowFloor(accuracy, PaperLegoModels.Supervised) is { } reason) return result.NotCompetent(reason);
        return result.Finish();
    }
}
