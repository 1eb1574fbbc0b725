namespace GraphNav.Tasks.Graphs;

/// <summary>
/// Seeded random DAG generators (docs/PHENOMENA.md §1).
/// </summary>
/// <remarks>
/// Randomness comes from the <see cref="Random"/> passed in. Callers create it as
/// <c>new Random(seed)</c>: a seeded <see cref="Random"/> uses the legacy subtractive generator whose
/// sequence .NET keeps identical across versions and platforms (only the unseeded one changed
/// algorithm), so a seed names the same graph everywhere. Draw order is part of the contract:
/// edges are considered in (from, to) lexicographic order with one <see cref="Random.NextDouble"/> each.
/// </remarks>
public static class DagGenerators
{
    /// <summary>
    /// <c>bernoulli(N, p)</c>: edge i→j for every i &lt; j independently with probability p.
    /// Paper scale N=200, p=0.05; quick scale N=100, p=0.1.
    /// </summary>
    public static Dag Bernoulli(int nodeCount, double p, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (nodeCount < 2)
            throw new ArgumentOutOfRangeException(nameof(nodeCount), nodeCount, "bernoulli(N, p) needs N ≥ 2.");
        CheckProbability(p);
        var edges = new List<(int, int)>();
        for (int i = 0; i < nodeCount; i++)
            for (int j = i + 1; j < nodeCount; j++)
                if (rng.NextDouble() < p)
                    edges.Add((i, j));
        return new Dag(nodeCount, edges);
    }

    /// <summary>
    /// <c>hierarchical(L, W, p)</c>: L layers of W nodes (node = layer·W + position); edges only from
    /// layer l to l+1, each with probability p; a non-final node that drew no successor gets one
    /// uniformly at random from the next layer, so every non-final node has ≥1 successor.
    /// </summary>
    public static Dag Hierarchical(int layers, int width, double p, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (layers < 2)
            throw new ArgumentOutOfRangeException(nameof(layers), layers, "hierarchical(L, W, p) needs L ≥ 2 layers.");
        if (width < 1)
            throw new ArgumentOutOfRangeException(nameof(width), width, "hierarchical(L, W, p) needs W ≥ 1 nodes per layer.");
        CheckProbability(p);
        var edges = new List<(int, int)>();
        for (int l = 0; l + 1 < layers; l++)
        {
            for (int a = 0; a < width; a++)
            {
                int from = l * width + a;
                int before = edges.Count;
                for (int b = 0; b < width; b++)
                    if (rng.NextDouble() < p)
                        edges.Add((from, (l + 1) * width + b));
                if (edges.Count == before)
                    edges.Add((from, (l + 1) * width + rng.Next(width)));
            }
        }
        var layerOf = new int[layers * width];
        for (int i = 0; i < layerOf.Length; i++) layerOf[i] = i / width;
        return new Dag(layers * width, edges, layerOf);
    }

    private static void CheckProbability(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "Edge probability p must be in [0, 1].");
    }
}
