using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Paths;

namespace GraphNav.Tasks;

/// <summary>
/// The pair sets of phenomenon A1 (stepwise vs direct inference) on a hierarchical graph.
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
        ArgumentNullException.ThrowIfNull(rng);
        if (!dag.IsLayered) throw new ArgumentException("A1 pairs need a hierarchical (layered) graph.", nameof(dag));
        if (delta < 1 || delta >= dag.LayerCount - 1)
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"Δ must be in [1, {dag.LayerCount - 2}] so that far pairs exist.");
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
                int gap = dag.Layer(goal) - dag.Layer(start);
                if (gap <= 0) continue;
                var pair = new NodePair(start, goal);
                if (gap <= delta) train.Add(pair);
                else (paths.CanReach(start) ? farReachable : farUnreachable).Add(pair);
            }
        }
        var testReachable = TakeForTraining(farReachable, farTrainFraction, train, rng);
        var testUnreachable = TakeForTraining(farUnreachable, farTrainFraction, train, rng);

        int Gap(NodePair p) => dag.Layer(p.Goal) - dag.Layer(p.Start);
        var byGapR = testReachable.GroupBy(Gap).ToDictionary(g => g.Key, g => g.ToList());
        var byGapU = testUnreachable.GroupBy(Gap).ToDictionary(g => g.Key, g => g.ToList());
        var matchedR = new List<NodePair>();
        var matchedU = new List<NodePair>();
        var perGap = new SortedDictionary<int, int>();
        for (int gap = delta + 1; gap < dag.LayerCount; gap++)
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
