using GraphNav.Tasks.Graphs;

namespace GraphNav.Tasks;

/// <summary>How a <see cref="TaskPreset"/> chooses its train and test pairs, with its settings as named fields.</summary>
public abstract record PairSplit
{
    /// <summary>The settings task files record beside the graph's (none for a plain split).</summary>
    public abstract IEnumerable<KeyValuePair<string, double>> Parameters { get; }

    /// <summary>Draws the train and test pairs of <paramref name="dag"/> from <paramref name="rng"/>
    /// (the same generator that drew the graph, continued).</summary>
    public abstract (NodePair[] Train, NodePair[] Test) Draw(Dag dag, Random rng);
}

/// <summary>All reachable pairs, split at random.</summary>
/// <param name="TrainFraction">Fraction of the reachable pairs used for training; the rest are test pairs.</param>
public sealed record ReachableSplit(double TrainFraction) : PairSplit
{
    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, double>> Parameters => [];

    /// <inheritdoc />
    public override (NodePair[] Train, NodePair[] Test) Draw(Dag dag, Random rng) =>
        PairSets.Split(PairSets.ReachablePairs(dag), TrainFraction, rng);
}

/// <summary>A1's split (<see cref="A1Pairs.Build(Graphs.Dag, IReadOnlyList{int}, int, double, int, Random)"/>): near pairs for training
/// plus a few far ones, far pairs of both classes (reachable and unreachable) for test. The gap is in layers: a
/// hierarchical graph's own, or, for a graph without layers, blocks of <see cref="LayerWidth"/> consecutive nodes.</summary>
/// <param name="Delta">Δ: every pair with layer gap ≤ Δ is a training pair (task-file name "delta").</param>
/// <param name="FarTrainFraction">Fraction of the far pairs (gap &gt; Δ) of each class also used for training ("far_train_fraction").</param>
/// <param name="MinTestPerClass">Fewest far test pairs each class must keep ("min_test_per_class").</param>
/// <param name="LayerWidth">Null for a hierarchical graph (its layers are used). For a graph without layers (A1's
/// Bernoulli analogue): node i is in layer ⌊i / LayerWidth⌋ ("layer_width", written only when set, so the
/// hierarchical presets' task files and model cache keys are unchanged).</param>
public sealed record A1Split(int Delta, double FarTrainFraction, int MinTestPerClass, int? LayerWidth = null) : PairSplit
{
    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, double>> Parameters => LayerWidth is { } width
        ? [new("delta", Delta), new("far_train_fraction", FarTrainFraction), new("min_test_per_class", MinTestPerClass), new("layer_width", width)]
        : [new("delta", Delta), new("far_train_fraction", FarTrainFraction), new("min_test_per_class", MinTestPerClass)];

    /// <summary>
    /// The layer of every node of <paramref name="dag"/> that the gap is measured in: its own layers when it is
    /// hierarchical (then <see cref="LayerWidth"/> must be null), else ⌊i / <see cref="LayerWidth"/>⌋.
    /// </summary>
    public int[] LayersOf(Dag dag)
    {
        ArgumentNullException.ThrowIfNull(dag);
        if (dag.IsLayered)
            return LayerWidth is null ? dag.Layers! : throw new ArgumentException(
                $"The A1 split has layer_width {LayerWidth} but the graph has its own layers; layer_width is only for graphs without layers.", nameof(dag));
        return LayerWidth is { } width ? A1Pairs.BlockLayers(dag.NodeCount, width) : throw new ArgumentException(
            "A1 pairs need a hierarchical (layered) graph, or a layer_width that assigns layers to a graph without them.", nameof(dag));
    }

    /// <inheritdoc />
    public override (NodePair[] Train, NodePair[] Test) Draw(Dag dag, Random rng)
    {
        var set = A1Pairs.Build(dag, LayersOf(dag), Delta, FarTrainFraction, MinTestPerClass, rng);
        return (set.Train, [.. set.TestReachable.Concat(set.TestUnreachable).Order()]);
    }
}
