using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A paper-scale LEGO phenomenon that compares two training regimes on the same budget (B2 tied vs
/// untied, B3 mimicked vs random init, B5 hard-coded vs learned heads, B6b ordered vs shuffled
/// clauses): one external model file cannot be compared with itself, and quick scale is too small
/// (<see cref="PaperLegoModels.QuickScaleReason"/>). This class says so once; a subclass is only its
/// comparison, <see cref="Compare"/>.
/// </summary>
/// <param name="id">The spec's identifier.</param>
/// <param name="title">The spec's short name.</param>
/// <param name="claim">The spec's claim.</param>
/// <param name="quickRun">What quick scale does.</param>
/// <param name="bar">The spec's bar per scale.</param>
/// <param name="plans">The baseline regime's training plans per seed (the subclass derives the other regime from them).</param>
/// <param name="externalReason">Why an external model cannot be measured (names the two regimes).</param>
public abstract class LegoRegimeComparison(string id, string title, string claim, QuickScaleRun quickRun, Func<Scale, string> bar,
    LegoPlanFactory plans, string externalReason) : SpecifiedPhenomenon(id, title, claim, quickRun, bar)
{
    /// <summary>The baseline regime's training plans per seed.</summary>
    protected LegoPlanFactory Plans { get; } = plans;

    /// <summary>Why an external model cannot be measured.</summary>
    public string ExternalReason => externalReason;

    /// <inheritdoc />
    public sealed override Applicability AppliesTo(ModelProfile model) => Applicability.No(ExternalReason);

    /// <inheritdoc />
    public sealed override PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExternalModel is not null)
            return new ResultBuilder(this, context).Inconclusive(ExternalReason);
        var result = LegoPhenomena.Start(this, context, Plans);
        if (context.Scale == Scale.Quick) return result.Inconclusive(PaperLegoModels.QuickScaleReason);
        return Compare(result, context, LegoPhenomena.FirstPlan(context, Plans));
    }

    /// <summary>Trains (or loads) both regimes for every seed, measures and judges the bar.</summary>
    /// <param name="result">The record, with the shared settings already recorded.</param>
    /// <param name="context">The run (paper scale, suite-trained models).</param>
    /// <param name="first">The baseline plan of the first seed: its task fixes n and k for the run.</param>
    protected abstract PhenomenonResult Compare(ResultBuilder result, PhenomenonContext context, LegoTrainingPlan first);
}
