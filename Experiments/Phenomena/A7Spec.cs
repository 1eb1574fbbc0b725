using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A7 (paper A), the whole protocol as data: with two conflicting exemplar chains, the model follows
/// the first. On the shared motif model of each seed (<see cref="MotifModels"/>, no extra training),
/// <see cref="Trials"/> trials of two 3-motif orders (a, b, c) and (a, d, c) and one query from a's
/// source layer to c's sink layer; the context shows both exemplar chains (two junctions each), in
/// both presentation orders on the same trials. A completion follows a chain when it is a valid path
/// on that order's unrolled chain. The fraction is over all trials (a completion following neither
/// counts against). Bootstrap units are trials. The procedure is <see cref="A7PrimacyBias"/>;
/// docs/PHENOMENA.md row A7 is the source.
/// </summary>
public static class A7Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "A7";

    /// <summary>Short name.</summary>
    public const string Title = "primacy bias between conflicting exemplars";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "With two conflicting exemplar chains, the model follows the first.";

    /// <summary>Paper scale only.</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.None;

    /// <summary>Conflict trials per presentation order and seed, and training-order queries of the competence floor.</summary>
    public const int Trials = 150, FloorTrials = 200;

    /// <summary>Competence floor: success on training orders (<see cref="MotifFloor"/>).</summary>
    public const double Floor = MotifFloor.Required;

    /// <summary>Fraction of trials that must follow the first-shown chain, in each presentation order.</summary>
    public const double FirstShownBar = 0.60;

    /// <summary>The lower end of the interval must lie above this (chance between the two chains).</summary>
    public const double Chance = 0.5;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"competence floor (≥ {Percent(Floor)} success on training orders); fraction following the first-shown chain ≥ {Percent(FirstShownBar)}, " +
        $"with the interval above {Percent(Chance)}, in each presentation order";

    /// <summary>
    /// The paper's reading (issue #18): the paper tested one presentation order, so its reading is the
    /// first order alone (A then B), with the same thresholds. Beside it, the balanced-motif control:
    /// averaged over both presentation orders of the same trials, a preference for one chain's motifs
    /// cancels, and what is left is primacy (first-shown − second-shown) and motif preference (A − B).
    /// </summary>
    public static string PaperReading =>
        $"competence floor; in the paper's single presentation order (A then B) the fraction following the first-shown chain ≥ {Percent(FirstShownBar)}, " +
        $"interval above {Percent(Chance)}; printed beside it: primacy and motif preference averaged over both orders (the balanced-motif control)";

    /// <summary>
    /// Why conflicting exemplars are out of distribution: the training contexts (<c>MotifChain.SampleContext</c>)
    /// always hold exactly one ghost edge leaving each motif, so two exemplars leaving the same motif — A7's
    /// conflict — never occur in training, and exemplar slots are shuffled, so no slot preference is trained.
    /// </summary>
    public const string TrainingContexts =
        "training contexts hold exactly one exemplar leaving each motif (MotifChain.SampleContext), so two conflicting exemplars leaving motif a never occur in training: A7's contexts are out of distribution";

    /// <summary>Balanced over both orders: follows first-shown − follows second-shown.</summary>
    public static readonly MeasureKey BalancedPrimacy = new("balanced_primacy", "first-shown − second-shown, both orders averaged (balanced-motif control)");

    /// <summary>Balanced over both orders: follows chain A − follows chain B.</summary>
    public static readonly MeasureKey MotifPreference = new("motif_preference", "chain A − chain B, both orders averaged (motif preference)");

    /// <summary>Per seed {0}: success on training orders.</summary>
    public static readonly MeasureKey SeedFloor = new("seed_{0}_training_orders", "seed {0}: success on training orders");

    /// <summary>Per seed {0}: follows the first-shown chain when A is shown first.</summary>
    public static readonly MeasureKey SeedFirstAFirst = new("seed_{0}_first_shown_a_first", "seed {0}: follows first-shown (A first)");

    /// <summary>Per seed {0}: follows the first-shown chain when B is shown first.</summary>
    public static readonly MeasureKey SeedFirstBFirst = new("seed_{0}_first_shown_b_first", "seed {0}: follows first-shown (B first)");

    /// <summary>Success on training orders.</summary>
    public static readonly MeasureKey Competence = new("training_orders", $"success on training orders (floor {TwoDecimals(Floor)})");

    /// <summary>Follows the first-shown chain, A shown first.</summary>
    public static readonly MeasureKey FirstAFirst = new("first_shown_a_first", "follows first-shown chain, order A-then-B");

    /// <summary>Follows the second-shown chain, A shown first.</summary>
    public static readonly MeasureKey SecondAFirst = new("second_shown_a_first", "follows second-shown chain, order A-then-B");

    /// <summary>Follows the first-shown chain, B shown first.</summary>
    public static readonly MeasureKey FirstBFirst = new("first_shown_b_first", "follows first-shown chain, order B-then-A");

    /// <summary>Follows the second-shown chain, B shown first.</summary>
    public static readonly MeasureKey SecondBFirst = new("second_shown_b_first", "follows second-shown chain, order B-then-A");
}
