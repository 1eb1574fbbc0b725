using GraphNav.Experiments.Results;
using GraphNav.Tasks;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A1 (paper A), the whole protocol as data: stepwise inference beats direct inference on pairs that
/// need longer paths than most of training showed. Per seed: one hierarchical graph and one pair
/// split (every pair with layer gap ≤ Δ plus 5% of the far pairs, both classes, for training; the
/// remaining far pairs, gap-matched between classes, for test); a stepwise and a direct model trained
/// on them (paper-A GPT, <see cref="Graph.GraphTrainingPlan.PaperA"/>); greedy decisions scored by
/// balanced accuracy. Bootstrap units are test pairs, resampled within seed and shared by both
/// models (a paired comparison). Paper scale adds Δ = 4 and the Bernoulli analogue of the graph
/// (<see cref="BernoulliSetting"/>, <see cref="BernoulliAnalogue"/>) and compares the gaps (unpaired).
/// The procedure is <see cref="A1StepwiseGap"/>; docs/PHENOMENA.md row A1 is the source.
/// </summary>
public static class A1Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "A1";

    /// <summary>Short name.</summary>
    public const string Title = "stepwise gap";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "Stepwise inference beats direct inference when test pairs need longer paths than most of training showed.";

    /// <summary>It reproduces at quick scale.</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.Default;

    /// <summary>Competence floor: greedy validity of both models on training-distribution pairs.</summary>
    public const double Floor = 0.90;

    /// <summary>Stepwise accuracy required on each class (reachable, unreachable).</summary>
    public const double ClassBar = 0.70;

    /// <summary>Minimum stepwise − direct balanced accuracy (its interval must also exclude 0).</summary>
    public static double MinimumGap(Scale scale) => scale == Scale.Quick ? 0.05 : 0.10;

    /// <summary>The bar at <paramref name="scale"/>, written from the thresholds above.</summary>
    public static string Bar(Scale scale) => scale == Scale.Quick
        ? $"both models ≥ {Percent(Floor)} valid on training-distribution pairs (gap ≤ Δ, greedy: stepwise paths on reachable pairs, direct PATH on reachable and NOPATH on unreachable pairs); stepwise ≥ {Percent(ClassBar)} on each class; " +
          $"balanced accuracy stepwise − direct ≥ {TwoDecimals(MinimumGap(scale))} with its interval excluding 0"
        : $"both models ≥ {Percent(Floor)} valid on training-distribution pairs; stepwise ≥ {Percent(ClassBar)} on each class; stepwise − direct ≥ {TwoDecimals(MinimumGap(scale))} " +
          "(interval excluding 0); gap(Δ=2) > gap(Δ=4); gap(hierarchical) > gap(Bernoulli) (each comparison's interval above 0; " +
          $"Bernoulli: the same N = L·W nodes with p matching the expected edge count, layer of node i = ⌊i/W⌋, both models ≥ {Percent(Floor)} on its training distribution)";

    /// <summary>Δ of the main setting; paper scale also runs <see cref="WideDelta"/>.</summary>
    public const int MainDelta = 2, WideDelta = 4;

    /// <summary>
    /// The setting at <paramref name="scale"/>. Quick: the registry presets a1-stepwise / a1-direct
    /// (L=10, W=12, p=0.15, Δ=2, 5% far training pairs, context 16); 1950 steps ≈ 2.0M tokens
    /// (stepwise) and 3500 steps ≈ 3.6M tokens (direct), the budgets of the PyTorch calibration
    /// (docs/PHENOMENA.md §6). Paper: the same protocol at W=20 (paper A's width) with Δ =
    /// <paramref name="delta"/>; the graph has (20/12)² ≈ 2.8× as many pairs per layer gap, so the
    /// token budgets are 3× quick's.
    /// </summary>
    public static A1Setting Setting(Scale scale, int delta = MainDelta)
    {
        var stepwise = TaskPresets.Get("a1-stepwise");
        var direct = TaskPresets.Get("a1-direct");
        const int quickStepwiseSteps = 1950, quickDirectSteps = 3500;
        if (scale == Scale.Quick)
        {
            if (delta != MainDelta) throw new ArgumentOutOfRangeException(nameof(delta), delta, $"A1 quick scale runs Δ = {MainDelta} only.");
            return new("W=12 Δ=2", stepwise, direct, quickStepwiseSteps, quickDirectSteps);
        }
        return new($"W=20 Δ={delta}", A1Setting.Derived(stepwise, $"a1-stepwise-paper-d{delta}", width: 20, delta),
            A1Setting.Derived(direct, $"a1-direct-paper-d{delta}", width: 20, delta), 3 * quickStepwiseSteps, 3 * quickDirectSteps);
    }

    /// <summary>
    /// Context length of the Bernoulli arm. The hierarchical graph's paths have at most L − 1 = 9 edges
    /// (14 tokens, T = 16); a Bernoulli DAG's are not bounded by the layers (up to 15 edges at N = 200 in
    /// seeds 0–2, which needs T ≥ 19), so the arm uses T = 32, the context of the suite's Bernoulli presets.
    /// PAD carries no loss, so the longer context adds positions, not supervised tokens.
    /// </summary>
    public const int BernoulliContextLength = 32;

    /// <summary>Decimals the Bernoulli analogue's p is rounded to, so the preset can be written down.</summary>
    public const int BernoulliProbabilityDecimals = 4;

    /// <summary>
    /// Expected edge count of <paramref name="graph"/>: (L − 1)·W nodes with a next layer, each drawing
    /// W·p edges on average plus the one fallback edge it gets when it drew none (probability (1 − p)^W).
    /// </summary>
    public static double ExpectedEdges(HierarchicalGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        double p = graph.EdgeProbability;
        return (graph.Layers - 1) * (double)graph.Width * (graph.Width * p + Math.Pow(1 - p, graph.Width));
    }

    /// <summary>p of the Bernoulli analogue: <see cref="ExpectedEdges"/> over the N(N − 1)/2 forward pairs of
    /// N = L·W nodes, rounded to <see cref="BernoulliProbabilityDecimals"/> decimals.</summary>
    public static double MatchedEdgeProbability(HierarchicalGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        double nodes = graph.Layers * graph.Width;
        return Math.Round(ExpectedEdges(graph) / (nodes * (nodes - 1) / 2), BernoulliProbabilityDecimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The Bernoulli analogue of the main (Δ = 2) setting at <paramref name="scale"/>: the same steps, Δ, 5%
    /// far training pairs, class balancing and test minimum, on bernoulli(N = L·W, <see cref="MatchedEdgeProbability"/>)
    /// with node i in layer ⌊i / W⌋ and context <see cref="BernoulliContextLength"/>. Paper scale measures it;
    /// quick scale's is defined for sanity runs of the same protocol at quick size (the quick bar does not use it).
    /// </summary>
    public static A1Setting BernoulliSetting(Scale scale)
    {
        var hierarchical = Setting(scale);
        var graph = (HierarchicalGraph)hierarchical.Graph;
        double p = MatchedEdgeProbability(graph);
        string suffix = scale == Scale.Quick ? "bernoulli" : "paper-bernoulli";
        return new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Bernoulli N={graph.Layers * graph.Width} p={p} Δ={MainDelta}"),
            A1Setting.BernoulliAnalogue(hierarchical.Stepwise, $"a1-stepwise-{suffix}", p, BernoulliContextLength),
            A1Setting.BernoulliAnalogue(hierarchical.Direct, $"a1-direct-{suffix}", p, BernoulliContextLength),
            hierarchical.StepwiseSteps, hierarchical.DirectSteps);
    }

    /// <summary>The definition of the Bernoulli analogue, written from the data above (record parameter and docs).</summary>
    public static string BernoulliAnalogue(Scale scale)
    {
        var setting = BernoulliSetting(scale);
        var graph = (HierarchicalGraph)Setting(scale).Graph;
        var bernoulli = (BernoulliGraph)setting.Graph;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"bernoulli(N = {graph.Layers}·{graph.Width} = {bernoulli.Nodes}, p = {bernoulli.EdgeProbability}): p = expected edges of hierarchical(L={graph.Layers}, W={graph.Width}, p={graph.EdgeProbability}) " +
            $"({ExpectedEdges(graph):0.0}, fallback edges included) / N(N−1)/2, rounded to {BernoulliProbabilityDecimals} decimals; layer of node i = ⌊i/{graph.Width}⌋, " +
            $"gap = layer(goal) − layer(start) for reachable and unreachable pairs alike; Δ = {setting.Delta}, {Percent(setting.Split.FarTrainFraction)} of far pairs in training, " +
            $"classes balanced per gap, ≥ {setting.Split.MinTestPerClass} test pairs per class; the same steps; context {BernoulliContextLength}");
    }

    /// <summary>The measurement of the paper-scale Δ = 4 setting: key and label of the main one plus this suffix.</summary>
    public static MeasureKey Wide(MeasureKey key) => key.Variant("_delta4", " (Δ=4)");

    /// <summary>Greedy validity of the stepwise model on training-distribution reachable pairs.</summary>
    public static readonly MeasureKey StepwiseFloor = new("stepwise_train_validity", $"stepwise training-distribution validity (floor {TwoDecimals(Floor)})");

    /// <summary>PATH-first rate of the direct model on training-distribution reachable pairs.</summary>
    public static readonly MeasureKey DirectFloor = new("direct_train_path_rate", $"direct training-distribution PATH rate (floor {TwoDecimals(Floor)})");

    /// <summary>NOPATH-first rate of the direct model on training-distribution unreachable pairs (so always answering PATH fails the floor).</summary>
    public static readonly MeasureKey DirectNoPathFloor = new("direct_train_nopath_rate", $"direct training-distribution NOPATH rate on unreachable pairs (floor {TwoDecimals(Floor)})");

    /// <summary>Reachable test pairs per seed, mean over seeds.</summary>
    public static readonly MeasureKey TestPairsPerClass = new("test_pairs_per_class", "test pairs per class (mean over seeds)");

    /// <summary>Stepwise accuracy on reachable test pairs.</summary>
    public static readonly MeasureKey StepwiseReachable = new("stepwise_accuracy_reachable", "stepwise accuracy, reachable");

    /// <summary>Stepwise accuracy on unreachable test pairs.</summary>
    public static readonly MeasureKey StepwiseUnreachable = new("stepwise_accuracy_unreachable", "stepwise accuracy, unreachable");

    /// <summary>Direct accuracy on reachable test pairs.</summary>
    public static readonly MeasureKey DirectReachable = new("direct_accuracy_reachable", "direct accuracy, reachable");

    /// <summary>Direct accuracy on unreachable test pairs.</summary>
    public static readonly MeasureKey DirectUnreachable = new("direct_accuracy_unreachable", "direct accuracy, unreachable");

    /// <summary>Stepwise balanced accuracy.</summary>
    public static readonly MeasureKey StepwiseBalanced = new("stepwise_balanced_accuracy", "stepwise balanced accuracy");

    /// <summary>Direct balanced accuracy.</summary>
    public static readonly MeasureKey DirectBalanced = new("direct_balanced_accuracy", "direct balanced accuracy");

    /// <summary>The headline: stepwise − direct balanced accuracy (paired).</summary>
    public static readonly MeasureKey Difference = new("stepwise_minus_direct", "stepwise − direct balanced accuracy");

    /// <summary>Per seed {0}: stepwise − direct balanced accuracy.</summary>
    public static readonly MeasureKey SeedDifference = new("seed_{0}_stepwise_minus_direct", "seed {0}: stepwise − direct");

    /// <summary>Per layer gap {0}: stepwise balanced accuracy (mean over seeds).</summary>
    public static readonly MeasureKey GapStepwise = new("gap_{0}_stepwise_balanced_accuracy", "gap {0}: stepwise balanced accuracy");

    /// <summary>Per layer gap {0}: direct balanced accuracy (mean over seeds).</summary>
    public static readonly MeasureKey GapDirect = new("gap_{0}_direct_balanced_accuracy", "gap {0}: direct balanced accuracy");

    /// <summary>The measurement of the paper-scale Bernoulli analogue: key and label of the main one plus this suffix.</summary>
    public static MeasureKey Bernoulli(MeasureKey key) => key.Variant("_bernoulli", " (Bernoulli)");

    /// <summary>Paper scale: gap(hierarchical) − gap(Bernoulli) at Δ = 2, unpaired.</summary>
    public static readonly MeasureKey HierarchicalMinusBernoulli = new("gap_hierarchical_minus_gap_bernoulli", "gap(hierarchical) − gap(Bernoulli)");

    /// <summary>Paper scale: gap(Δ=2) − gap(Δ=4), unpaired.</summary>
    public static readonly MeasureKey GapOfGaps = new("gap_delta2_minus_gap_delta4", "gap(Δ=2) − gap(Δ=4)");
}
