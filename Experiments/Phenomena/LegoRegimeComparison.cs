using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A paper-scale LEGO phenomenon that compares two training regimes on the same budget (B2 tied vs
/// untied, B3 mimicked vs random init, B5 hard-coded vs learned heads, B6b ordered vs shuffled
/// clauses): one external model file cannot be compared with itself, which this class says once; a
/// subclass is only its comparison, <see cref="PaperLegoPhenomenon.RunPaperScale"/>.
/// </summary>
/// <param name="id">The spec's identifier.</param>
/// <param name="title">The spec's short name.</param>
/// <param name="claim">The spec's claim.</param>
/// <param name="quickRun">What quick scale does.</param>
/// <param name="bar">The spec's bar per scale.</param>
/// <param name="plans">The baseline regime's training plans per seed (the subclass derives the other regime from them).</param>
/// <param name="externalReason">Why an external model cannot be measured (names the two regimes).</param>
public abstract class LegoRegimeComparison(string id, string title, string claim, QuickScaleRun quickRun, Func<Scale, string> bar,
    LegoPlanFactory plans, string externalReason) : PaperLegoPhenomenon(id, title, claim, quickRun, bar, plans)
{
    /// <summary>Why an external model cannot be measured.</summary>
    public string ExternalReason => externalReason;

    /// <inheritdoc />
    public sealed override Applicability AppliesTo(ModelProfile model) => Applicability.No(ExternalReason);

    /// <inheritdoc />
    protected sealed override PhenomenonResult RunExternal(PhenomenonContext context) => new ResultBuilder(this, context).Inconclusive(ExternalReason);
}
