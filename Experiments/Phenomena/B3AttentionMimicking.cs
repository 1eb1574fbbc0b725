using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B3 (paper B, PHENOMENA §3): Pre-training two heads per layer toward the association and manipulation maps improves extrapolation over random init.
/// Not measurable yet: attention mimicking (KL pre-training of heads toward LegoAttention.Association / Manipulation) is not implemented: the engine has no loss on attention maps. The run records the paper-scale setting it would use
/// (<see cref="PaperLegoModels"/>) and returns Inconclusive with that reason, so the fixture exists,
/// runs, and says what is missing.
/// </summary>
/// <param name="plans">Training plans per seed and variant; default <see cref="PaperLegoModels.Plan"/>.</param>
public sealed class B3AttentionMimicking(LegoPlanFactory? plans = null) : IPhenomenon
{
    private readonly LegoPlanFactory _plans = plans ?? PaperLegoModels.Plan;

    /// <inheritdoc />
    public string Id => "B3";

    /// <inheritdoc />
    public string Title => "structured attention (mimicking)";

    /// <inheritdoc />
    public string Claim => "Pre-training two heads per layer toward the association and manipulation maps improves extrapolation over random init.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "mimic − random ≥ 5 points on unsupervised positions, interval excluding 0";

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = LegoPhenomena.Start(this, context, _plans);
        if (context.Scale == Scale.Quick) return result.Inconclusive(PaperLegoModels.QuickScaleReason);
        return result.Inconclusive("attention mimicking (KL pre-training of heads toward LegoAttention.Association / Manipulation) is not implemented: the engine has no loss on attention maps");
    }
}
