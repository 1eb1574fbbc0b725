using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B1 (paper B), the whole protocol as data: trained on the first k = <see cref="PaperLegoModels.Supervised"/>
/// chain positions of n = <see cref="PaperLegoModels.Variables"/>, encoders master them; the accuracy on the
/// later positions measures reasoning that generalises beyond the supervision.
/// Per seed: the shared paper-scale encoder (<see cref="PaperLegoModels"/>); accuracy per position on
/// its task's test sentences, bootstrapped over sentences (stratified by seed). The bar is the
/// competence floor; the later positions are reported with intervals, not judged. Paper scale only.
/// An external encoder is measured at any scale on its own LEGO task's test sentences as one "seed",
/// its floor on positions 1…k of that task. The procedure is <see cref="B1LengthExtrapolation"/>;
/// docs/PHENOMENA.md row B1 is the source.
/// </summary>
public static class B1Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "B1";

    /// <summary>Short name.</summary>
    public const string Title = "length extrapolation";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "Trained on the first k positions, models master them; accuracy on later positions measures reasoning that generalises.";

    /// <summary>Paper scale only (see <see cref="PaperLegoModels.QuickScaleReason"/>).</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.None;

    /// <summary>Competence floor: accuracy at each supervised position.</summary>
    public const double Floor = 0.95;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"competence floor (≥ {Percent(Floor)} at each supervised position 1–{PaperLegoModels.Supervised}; an external model: 1–k of its task); " +
        "later positions reported with intervals";

    /// <summary>The plans: the shared paper-scale encoders.</summary>
    public static LegoPlanFactory Plans { get; } = PaperLegoModels.Plan;

    /// <summary>Accuracy at chain position {0}.</summary>
    public static readonly MeasureKey AccuracyAt = new("accuracy_at_position_{0}", "accuracy at position {0}");

    /// <summary>Mean accuracy over positions {0}…{1} (the supervised 1…k and the later k+1…n).</summary>
    public static readonly MeasureKey MeanAccuracy = new("mean_accuracy_at_positions_{0}_{1}", "mean accuracy at positions {0}-{1}");
}
