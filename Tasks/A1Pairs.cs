using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Paths;

namespace GraphNav.Tasks;

/// <summary>
/// The pair sets of phenomenon A1 (stepwise vs direct inference) on a hierarchical graph, or on a graph
/// without layers whose nodes are given block layers (the Bernoulli analogue).
/// </summary>
/// <param name="Train">Every pair with layer gap ≤ Δ (both classes) plus the sampled far pairs; sorted.</param>
/// <param name="TestReachable">Held-out reachable pairs with gap &gt; Δ; sorted.</param>
/// <param name="TestUnreachable">Held-out unreachable pairs with gap &gt; Δ, same count per gap as reachable; sorted.</param>
/// <param name="TestCountPerGap">Test pairs per class for each gap &gt; Δ (equal for both classes).</param>
public sealed record A1PairSet(NodePair[] Train, NodePair[] TestReachable, NodePair[] TestUnreachable, IReadOnlyDictionary<int, int> TestCountPerGap);

/// <summary>Builds the A1 pair sets (docs/PHENOMENA.md §2, row A1).</summary>
public static class A1Pairs
{
    /// <summary>
    /// Layer gap of a pair = layer(goal) − layer(start); only pairs with gap &gt; 0 are queries.
    /// Training: every pair with gap ≤ <paramref name="delta"/> of both classes, plus, per class,
    /// round(<paramref name="farTrainFraction"/> · count) uniformly drawn pairs with gap &gt; Δ (so long paths
    /// exist in training). Test: the remaining far pairs, per gap subsampled (uniformly) to equal counts of
    /// reachable and unreachable, so the gap distribution is matched between classes. Throws if either
    /// test class has fewer than <paramref name="minTestPerClass"/> pairs.
    /// </summary>
    /// <remarks>Draw order with <paramref name="rng"/>: shuffle far reachable, shuffle far unreachable, then per
    /// gap ascending shuffle the larger class before truncating it.</remarks>
    public static A1PairSet Build(Dag dag, int delta, double farTrainFraction, int minTestPerClass, Random rng)
    {
        ArgumentNullException.ThrowIfNull(dag);
        if (!dag.IsLayered) throw new ArgumentException("A1 pairs need a hierarchical (layered) graph.", nameof(dag));
        return Build(dag, dag.Layers!, delta, farTrainFraction, minTestPerClass, rng);
    }

    /// <summary>
    /// The same split with the layer of each node given by <paramref name="layerOf"/> (non-decreasing in
    /// node order): a hierarchical graph's own layers, or the blocks <see cref="BlockLayers"/> assigns to
    /// the nodes of a graph without layers (A1's Bernoulli analogue, docs/PHENOMENA.md row A1). The gap of a
    /// pair is layerOf[goal] − layerOf[start], whether or not the pair is reachable.
    /// </summary>
    public static A1PairSet Build(Dag dag, IReadOnlyList<int> layerOf, int delta, double farTrainFraction, int minTestPerClass, Random rng)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(layerOf);
        ArgumentNullException.ThrowIfNull(rng);
        if (layerOf.Count != dag.NodeCount)
            throw new ArgumentException($"The layer list has {layerOf.Count} entries; the graph has {dag.NodeCount} nodes.", nameof(layerOf));
        for (int i = 1; i < layerOf.Count; i++)
            if (layerOf[i] < layerOf[i - 1] || layerOf[0] < 0)
                throw new ArgumentException($"Layer of node {i} is {layerOf[i]} after {layerOf[i - 1]}: layers must be ≥ 0 and non-decreasing in node order.", nameof(layerOf));
        int layerCount = layerOf[^1] + 1;
        if (delta < 1 || delta >= layerCount - 1)
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"Δ must be in [1, {layerCount - 2}] so that far pairs exist.");
        if (double.IsNaN(farTrainFraction) || farTrainFraction < 0 || farTrainFraction > 1)
            throw new ArgumentOutOfRangeException(nameof(farTrainFraction), farTrainFraction, "Fraction must be in [0, 1].");

        var train = new List<NodePair>();
        var farReachable = new List<NodePair>();
        var farUnreachable = new List<NodePair>();
        for (int goal = 0; goal < dag.NodeCount; goal++)
        {
            var paths = new GoalPaths(dag, goal);
            for (int start = 0; start < goal; start++)
            {
                int gap = layerOf[goal] - layerOf[start];
                if (gap <= 0) continue;
                var pair = new NodePair(start, goal);
                if (gap <= delta) train.Add(pair);
                else (paths.CanReach(start) ? farReachable : farUnreachable).Add(pair);
            }
        }
        var testReachable = TakeForTraining(farReachable, farTrainFraction, train, rng);
        var testUnreachable = TakeForTraining(farUnreachable, farTrainFraction, train, rng);

        int Gap(NodePair p) => layerOf[p.Goal] - layerOf[p.Start];
        var byGapR = testReachable.GroupBy(Gap).ToDictionary(g => g.Key, g => g.ToList());
        var byGapU = testUnreachable.GroupBy(Gap).ToDictionary(g => g.Key, g => g.ToList());
        var matchedR = new List<NodePair>();
        var matchedU = new List<NodePair>();
        var perGap = new SortedDictionary<int, int>();
        for (int gap = delta + 1; gap < layerCount; gap++)
        {
            var r = byGapR.GetValueOrDefault(gap) ?? [];
            var u = byGapU.GetValueOrDefault(gap) ?? [];
            int n = Math.Min(r.Count, u.Count);
            var larger = r.Count > u.Count ? r : u;
            var shuffled = larger.ToArray();
            Paths.UniformRandom.Shuffle(rng, shuffled);
            var kept = shuffled[..n];
            matchedR.AddRange(r.Count > u.Count ? kept : r);
            matchedU.AddRange(r.Count > u.Count ? u : kept);
            perGap[gap] = n;
        }
        if (matchedR.Count < minTestPerClass)
            throw new ArgumentException(
                $"A1 test set has {matchedR.Count} pairs per class after matching gaps (reachable far pairs {testReachable.Count}, unreachable {testUnreachable.Count}); need ≥ {minTestPerClass}. Use a larger graph or another p.");
        train.Sort();
        matchedR.Sort();
        matchedU.Sort();
        return new A1PairSet([.. train], [.. matchedR], [.. matchedU], perGap);
    }

    /// <summary>
    /// Layers for a graph without them: node i (topological numbering) is in layer ⌊i / <paramref name="width"/>⌋,
    /// so N = L·W nodes fall into L blocks of W consecutive nodes — the node-to-layer map of
    /// hierarchical(L, W, p), without its rule that edges join consecutive layers only.
    /// </summary>
    public static int[] BlockLayers(int nodeCount, int width)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The block width must be ≥ 1.");
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        var layers = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) layers[i] = i / width;
        return layers;
    }

    /// <summary>Moves round(fraction · n) uniformly drawn pairs to training; returns the rest.</summary>
    private static List<NodePair> TakeForTraining(List<NodePair> far, double fraction, List<NodePair> train, Random rng)
    {
        var shuffled = far.ToArray();
        Paths.UniformRandom.Shuffle(rng, shuffled);
        int k = (int)Math.Round(fraction * shuffled.Length, MidpointRounding.AwayFromZero);
        train.AddRange(shuffled[..k]);
        return [.. shuffled[k..]];
    }
}
