using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Paths;

namespace GraphNav.Tasks;

/// <summary>Enumerating and splitting (start, goal) pairs.</summary>
public static class PairSets
{
    /// <summary>All ordered pairs start ≠ goal with a start→goal path, sorted by (start, goal).</summary>
    public static NodePair[] ReachablePairs(Dag dag)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var pairs = new List<NodePair>();
        for (int goal = 0; goal < dag.NodeCount; goal++)
        {
            var paths = new GoalPaths(dag, goal);
            for (int start = 0; start < goal; start++)
                if (paths.CanReach(start)) pairs.Add(new NodePair(start, goal));
        }
        pairs.Sort();
        return [.. pairs];
    }

    /// <summary>
    /// Seeded random split: a uniform shuffle (<see cref="Paths.UniformRandom.Shuffle{T}"/>), the first
    /// round(fraction · n) pairs to train, the rest to test; both halves returned sorted.
    /// </summary>
    public static (NodePair[] Train, NodePair[] Test) Split(IReadOnlyList<NodePair> pairs, double trainFraction, Random rng)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(rng);
        if (double.IsNaN(trainFraction) || trainFraction < 0 || trainFraction > 1)
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "Train fraction must be in [0, 1].");
        var shuffled = pairs.ToArray();
        Paths.UniformRandom.Shuffle(rng, shuffled);
        int trainCount = (int)Math.Round(trainFraction * shuffled.Length, MidpointRounding.AwayFromZero);
        var train = shuffled[..trainCount];
        var test = shuffled[trainCount..];
        Array.Sort(train);
        Array.Sort(test);
        return (train, test);
    }
}
