using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B6b (paper B), the whole protocol as data: trained on clauses in chain order, encoders find
/// positional shortcuts that break on shuffled sentences.
/// Per seed: the shared paper-scale encoder (<see cref="PaperLegoModels"/>, shuffled training) and the
/// same plan trained on <see cref="ClauseOrder.Ordered"/> clauses (the ordered and shuffled tasks of a
/// seed hold the same chains). In-distribution competence: each model on its own test set. The
/// comparison, on the shuffled test set and paired by sentence (bootstrap units are sentences,
/// stratified by seed): accuracy over the supervised positions 1…k, shuffled-trained minus
/// ordered-trained. Paper scale only. No external model: B6b compares two training regimes. The
/// procedure is <see cref="B6bOrderedShortcut"/>; docs/PHENOMENA.md row B6b is the source.
/// </summary>
public static class B6bSpec
{
    /// <summary>Identifier.</summary>
    public const string Id = "B6b";

    /// <summary>Short name.</summary>
    public const string Title = "ordered-clause shortcut";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "Trained on clauses in chain order, models find positional shortcuts that break on shuffled sentences.";

    /// <summary>Paper scale only (see <see cref="PaperLegoModels.QuickScaleReason"/>).</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.None;

    /// <summary>Why an external model cannot be measured: B6b compares two training regimes.</summary>
    public const string ExternalReason = "B6b compares two training regimes (encoders trained on shuffled and on ordered clauses); one external model file cannot be compared with itself";

    /// <summary>Competence floor: in-distribution accuracy at each supervised position, both models.</summary>
    public const double Floor = 0.95;

    /// <summary>Minimum shuffled-trained − ordered-trained accuracy on the shuffled test (its interval must also exclude 0).</summary>
    public const double MinimumDrop = 0.10;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"both competent in-distribution (≥ {Percent(Floor)} at each supervised position); ordered-trained accuracy on the shuffled test " +
        $"≥ {Points(MinimumDrop)} points below shuffled-trained (positions 1–{PaperLegoModels.Supervised}), interval excluding 0";

    /// <summary>The plans: the shared paper-scale encoders, shuffled and ordered.</summary>
    public static LegoPlanFactory Plans { get; } = PaperLegoModels.Plan;

    /// <summary>Shuffled-trained model on the shuffled test: accuracy at chain position {0}.</summary>
    public static readonly MeasureKey ShuffledOnShuffledAt = new("shuffled_trained_on_shuffled_accuracy_at_position_{0}", "shuffled-trained on shuffled: accuracy at position {0}");

    /// <summary>Ordered-trained model on the ordered test: accuracy at chain position {0}.</summary>
    public static readonly MeasureKey OrderedOnOrderedAt = new("ordered_trained_on_ordered_accuracy_at_position_{0}", "ordered-trained on ordered: accuracy at position {0}");

    /// <summary>Ordered-trained model on the shuffled test: accuracy at chain position {0}.</summary>
    public static readonly MeasureKey OrderedOnShuffledAt = new("ordered_trained_on_shuffled_accuracy_at_position_{0}", "ordered-trained on shuffled: accuracy at position {0}");

    /// <summary>The headline: shuffled-trained − ordered-trained on the shuffled test over positions 1…{0}, paired by sentence.</summary>
    public static readonly MeasureKey Drop = new("shuffled_trained_ordered_trained_on_shuffled_test_positions_1_{0}", "shuffled-trained − ordered-trained on shuffled test (positions 1-{0})");
}
