using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B5 (paper B, PHENOMENA §3): Replacing k of h heads by hard-coded association/manipulation maps keeps accuracy while cutting attention FLOPs.
/// Not measurable yet: hard-coded attention heads are not implemented in the engine (no option to fix a head's attention map). The run records the paper-scale setting it would use
/// (<see cref="PaperLegoModels"/>) and returns Inconclusive with that reason, so the fixture exists,
/// runs, and says what is missing.
/// </summary>
/// <param name="plans">Training plans per seed and variant; default <see cref="PaperLegoModels.Plan"/>.</param>
public sealed class B5LegoAttentionModule(LegoPlanFactory? plans = null) : IPhenomenon
{
    private readonly LegoPlanFactory _plans = plans ?? PaperLegoModels.Plan;

    /// <inheritdoc />
    public string Id => "B5";

    /// <inheritdoc />
    public string Title => "LEGO attention module";

    /// <inheritdoc />
    public string Claim => "Replacing k of h heads by hard-coded association/manipulation maps keeps accuracy while cutting attention FLOPs.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "both at the competence floor; accuracy within 2 points of vanilla on supervised and unsupervised positions (interval of the difference inside ±2); attention FLOPs lower by k/h of the QK work";

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = LegoPhenomena.Start(this, context, _plans);
        if (context.Scale == Scale.Quick) return result.Inconclusive(PaperLegoModels.QuickScaleReason);
        return result.Inconclusive("hard-coded attention heads are not implemented in the engine (no option to fix a head's attention map)");
    }
}
