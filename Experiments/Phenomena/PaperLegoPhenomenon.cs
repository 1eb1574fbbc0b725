using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A LEGO phenomenon whose own models are the paper-scale encoders (B1–B5, B6b): this class routes a
/// run — an external model to <see cref="RunExternal"/>; else the shared settings recorded, quick scale
/// Inconclusive (<see cref="PaperLegoModels.QuickScaleReason"/>), paper scale to <see cref="RunPaperScale"/>.
/// </summary>
/// <param name="id">The spec's identifier.</param>
/// <param name="title">The spec's short name.</param>
/// <param name="claim">The spec's claim.</param>
/// <param name="quickRun">What quick scale does.</param>
/// <param name="bar">The spec's bar per scale.</param>
/// <param name="plans">The training plans per seed and variant (the spec's, or tiny ones in tests).</param>
public abstract class PaperLegoPhenomenon(string id, string title, string claim, QuickScaleRun quickRun, Func<Scale, string> bar, LegoPlanFactory plans)
    : SpecifiedPhenomenon(id, title, claim, quickRun, bar)
{
    /// <summary>The training plans per seed and variant.</summary>
    protected LegoPlanFactory Plans { get; } = plans;

    /// <inheritdoc />
    public sealed override PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExternalModel is not null) return RunExternal(context);
        var result = LegoPhenomena.Start(this, context, Plans);
        if (context.Scale == Scale.Quick) return result.Inconclusive(PaperLegoModels.QuickScaleReason);
        return RunPaperScale(result, context, LegoPhenomena.FirstPlan(context, Plans));
    }

    /// <summary>Measures the external model of <paramref name="context"/> (or says why it cannot).</summary>
    protected abstract PhenomenonResult RunExternal(PhenomenonContext context);

    /// <summary>Trains (or loads) the models of every seed, measures and judges the bar.</summary>
    /// <param name="result">The record, with the shared settings already recorded.</param>
    /// <param name="context">The run (paper scale, suite-trained models).</param>
    /// <param name="first">The shuffled, untied plan of the first seed: its task fixes n and k for the run.</param>
    protected abstract PhenomenonResult RunPaperScale(ResultBuilder result, PhenomenonContext context, LegoTrainingPlan first);
}
