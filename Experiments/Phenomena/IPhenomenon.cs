using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// One published phenomenon (docs/PHENOMENA.md §2–3): its protocol, measurements and bar. Run returns
/// the verdict with every measurement and interval; it never loosens the bar.
/// </summary>
public interface IPhenomenon
{
    /// <summary>Identifier from docs/PHENOMENA.md, e.g. "A2".</summary>
    string Id { get; }

    /// <summary>Short name, e.g. "diversity–accuracy".</summary>
    string Title { get; }

    /// <summary>The paper's claim in one sentence.</summary>
    string Claim { get; }

    /// <summary>The bar, as docs/PHENOMENA.md writes it for this scale.</summary>
    string Bar(Scale scale);

    /// <summary>What quick scale does for this phenomenon (paper scale is always explicit).</summary>
    QuickScaleRun QuickRun { get; }

    /// <summary>
    /// Whether this phenomenon can measure an external model with <paramref name="model"/>'s profile,
    /// and why not: checked by <see cref="PhenomenonRunner"/> before an external run (a model that does
    /// not fit is not measured) and listed by <c>graphnav inspect</c>.
    /// </summary>
    Applicability AppliesTo(ModelProfile model);

    /// <summary>Runs the protocol and judges the bar.</summary>
    PhenomenonResult Run(PhenomenonContext context);
}
