using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A6 (paper A), the whole protocol as data: with exemplars naming a motif order, the model follows
/// that order, including orders never seen in training; it fails for chains longer than any training
/// chain. The shared motif model of each seed (<see cref="MotifModels"/>: chains of ≤ K_train = 3 of 5
/// motifs, 20% of the 2- and 3-motif orders held out, context covering 5-motif chains). Test queries
/// are drawn with the seed: <see cref="TrialsPerSplit"/> on held-out orders and as many on orders of
/// K_train + 2 = 5 motifs. Success = the greedy completion is a valid path on the order's unrolled
/// chain (start in the first motif, goal in the last, every step an edge inside a motif or a ghost
/// edge between consecutive motifs of the order, then END). Bootstrap units are queries; the gap
/// pairs held-out query i with long query i. The procedure is <see cref="A6CompositionalGeneralization"/>;
/// docs/PHENOMENA.md row A6 is the source.
/// </summary>
public static class A6Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "A6";

    /// <summary>Short name.</summary>
    public const string Title = "compositional generalization of motif orders";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "With exemplars naming a motif order, the model follows it, including orders never seen in training; it fails for chains longer than any training chain.";

    /// <summary>It reproduces at quick scale.</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.Default;

    /// <summary>Queries per split and seed, and training-order queries of the competence floor.</summary>
    public const int TrialsPerSplit = 200, FloorTrials = 200;

    /// <summary>Competence floor: success on training orders (<see cref="MotifFloor"/>).</summary>
    public const double Floor = MotifFloor.Required;

    /// <summary>Success required on held-out orders.</summary>
    public const double HeldOutBar = 0.80;

    /// <summary>How much lower success at K_train + 2 must be (its interval must also exclude 0).</summary>
    public const double MinimumDrop = 0.30;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"competence floor (≥ {Percent(Floor)} success on training orders); success on held-out orders ≥ {Percent(HeldOutBar)}; " +
        $"success at K_train+2 at least {Points(MinimumDrop)} points lower (interval of the difference excluding 0)";

    /// <summary>Per seed {0}: success on training orders.</summary>
    public static readonly MeasureKey SeedFloor = new("seed_{0}_training_orders", "seed {0}: success on training orders");

    /// <summary>Per seed {0}: success on held-out orders.</summary>
    public static readonly MeasureKey SeedHeldOut = new("seed_{0}_heldout_orders", "seed {0}: success on held-out orders");

    /// <summary>Per seed {0}: success on 5-motif orders.</summary>
    public static readonly MeasureKey SeedLong = new("seed_{0}_long_orders", "seed {0}: success on 5-motif orders");

    /// <summary>Success on training orders.</summary>
    public static readonly MeasureKey Competence = new("training_orders", $"success on training orders (floor {TwoDecimals(Floor)})");

    /// <summary>Success on held-out orders.</summary>
    public static readonly MeasureKey HeldOut = new("heldout_orders", "success on held-out orders (K ≤ 3)");

    /// <summary>Success on 5-motif orders.</summary>
    public static readonly MeasureKey Long = new("long_orders", "success on 5-motif orders (K_train+2)");

    /// <summary>Planning failures on 5-motif orders.</summary>
    public static readonly MeasureKey LongPlanningFailures = new("long_orders_planning_failures", "planning failures on 5-motif orders");

    /// <summary>Held-out minus K_train + 2 success (paired).</summary>
    public static readonly MeasureKey Drop = new("heldout_minus_long", "held-out − K_train+2 success");
}
