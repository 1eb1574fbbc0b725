using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B2 (paper B, PHENOMENA §3): The weight-tied encoder extrapolates better than the untied one.
/// Not measurable yet: weight tying (one block applied L times, ALBERT-style) is not implemented in the engine (GptConfig has no ShareLayers option yet). The run records the paper-scale setting it would use
/// (<see cref="PaperLegoModels"/>) and returns Inconclusive with that reason, so the fixture exists,
/// runs, and says what is missing.
/// </summary>
public sealed class B2WeightTying : IPhenomenon
{
    /// <inheritdoc />
    public string Id => "B2";

    /// <inheritdoc />
    public string Title => "weight tying";

    /// <inheritdoc />
    public string Claim => "The weight-tied encoder extrapolates better than the untied one.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "tied − untied ≥ 5 points on mean accuracy at unsupervised positions 7–12 (same token budget), interval excluding 0";

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = LegoPhenomena.Start(this, context);
        if (context.Scale == Scale.Quick) return result.Inconclusive(PaperLegoModels.QuickScaleReason);
        return result.Inconclusive("weight tying (one block applied L times, ALBERT-style) is not implemented in the engine (GptConfig has no ShareLayers option yet)");
    }
}
