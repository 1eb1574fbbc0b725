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

/// <summary>A1's split (<see cref="A1Pairs.Build"/>): near pairs for training plus a few far ones, far pairs of
/// both classes (reachable and unreachable) for test. Needs a hierarchical graph (the gap is in layers).</summary>
/// <param name="Delta">Δ: every pair with layer gap ≤ Δ is a training pair (task-file name "delta").</param>
/// <param name="FarTrainFraction">Fraction of the far pairs (gap &gt; Δ) of each class also used for training ("far_train_fraction").</param>
/// <param name="MinTestPerClass">Fewest far test pairs each class must keep ("min_test_per_class").</param>
public sealed record A1Split(int Delta, double FarTrainFraction, int MinTestPerClass) : PairSplit
{
    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, double>> Parameters =>
    [
        new("delta", Delta), new("far_train_fraction", FarTrainFraction), new("min_test_per_class", MinTestPerClass),
    ];

    /// <inheritdoc />
    public override (NodePair[] Train, NodePair[] Test) Draw(Dag dag, Random rng)
    {
        var set = A1Pairs.Build(dag, Delta, FarTrainFraction, MinTestPerClass, rng);
        return (set.Train, [.. set.TestReachable.Concat(set.TestUnreachable).Order()]);
    }
}
