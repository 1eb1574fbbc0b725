using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B2 (paper B), the whole protocol as data: the weight-tied encoder (ALBERT: one block applied L
/// times, GptConfig.ShareLayers) extrapolates better than the untied one.
/// Per seed: the shared paper-scale untied encoder (<see cref="PaperLegoModels"/>) and the same plan
/// with <see cref="BlockWeights.Tied"/> (same steps × batch, i.e. the same token budget; same task and
/// test set). Measured: accuracy per position of both; mean accuracy over the unsupervised positions
/// k+1…n, tied − untied paired by test sentence (bootstrap units are sentences, stratified by seed).
/// Paper scale only. No external model: B2 compares two training regimes. The procedure is
/// <see cref="B2WeightTying"/>; docs/PHENOMENA.md row B2 is the source.
/// </summary>
public static class B2Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "B2";

    /// <summary>Short name.</summary>
    public const string Title = "weight tying";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "The weight-tied encoder extrapolates better than the untied one.";

    /// <summary>Paper scale only (see <see cref="PaperLegoModels.QuickScaleReason"/>).</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.None;

    /// <summary>Why an external model cannot be measured: B2 compares two training regimes.</summary>
    public const string ExternalReason = "B2 compares two training regimes (tied and untied encoders trained on the same budget); one external model file cannot be compared with itself";

    /// <summary>Competence floor: accuracy at each supervised position, both models.</summary>
    public const double Floor = 0.95;

    /// <summary>Minimum tied − untied mean accuracy on the unsupervised positions (its interval must also exclude 0).</summary>
    public const double MinimumGain = 0.05;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"both competent (≥ {Percent(Floor)} at each supervised position); tied − untied ≥ {Points(MinimumGain)} points on mean accuracy at " +
        $"unsupervised positions {PaperLegoModels.Supervised + 1}–{PaperLegoModels.Variables} (same token budget), interval excluding 0";

    /// <summary>The plans: the shared paper-scale encoders, untied (<see cref="BlockWeights.Separate"/>) and tied.</summary>
    public static LegoPlanFactory Plans { get; } = PaperLegoModels.Plan;

    /// <summary>Untied accuracy at chain position {0}.</summary>
    public static readonly MeasureKey UntiedAccuracyAt = new("untied_accuracy_at_position_{0}", "untied: accuracy at position {0}");

    /// <summary>Tied accuracy at chain position {0}.</summary>
    public static readonly MeasureKey TiedAccuracyAt = new("tied_accuracy_at_position_{0}", "tied: accuracy at position {0}");

    /// <summary>Untied mean accuracy over positions {0}…{1}.</summary>
    public static readonly MeasureKey UntiedMeanAccuracy = new("untied_mean_accuracy_at_positions_{0}_{1}", "untied: mean accuracy at positions {0}-{1}");

    /// <summary>Tied mean accuracy over positions {0}…{1}.</summary>
    public static readonly MeasureKey TiedMeanAccuracy = new("tied_mean_accuracy_at_positions_{0}_{1}", "tied: mean accuracy at positions {0}-{1}");

    /// <summary>The headline: tied − untied mean accuracy over positions {0}…{1}, paired by sentence.</summary>
    public static readonly MeasureKey Gain = new("tied_untied_mean_accuracy_at_positions_{0}_{1}", "tied − untied, mean accuracy at positions {0}-{1}");
}
