using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A phenomenon whose identity, claim, scales and bar come from its spec (e.g. <see cref="A1Spec"/>);
/// the subclass is only the procedure, <see cref="Run"/>.
/// </summary>
/// <param name="id">The spec's identifier.</param>
/// <param name="title">The spec's short name.</param>
/// <param name="claim">The spec's claim.</param>
/// <param name="quickRun">What quick scale does.</param>
/// <param name="bar">The spec's bar per scale.</param>
public abstract class SpecifiedPhenomenon(string id, string title, string claim, QuickScaleRun quickRun, Func<Scale, string> bar) : IPhenomenon
{
    /// <inheritdoc />
    public string Id => id;

    /// <inheritdoc />
    public string Title => title;

    /// <inheritdoc />
    public string Claim => claim;

    /// <inheritdoc />
    public QuickScaleRun QuickRun => quickRun;

    /// <inheritdoc />
    public string Bar(Scale scale) => bar(scale);

    /// <inheritdoc />
    public abstract Applicability AppliesTo(ModelProfile model);

    /// <inheritdoc />
    public abstract PhenomenonResult Run(PhenomenonContext context);
}
