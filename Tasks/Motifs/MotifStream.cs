using GraphNav.Tasks.Formats;

namespace GraphNav.Tasks.Motifs;

/// <summary>
/// Deterministic stream of exemplar-format examples: each draws an order uniformly from
/// <c>orders</c>, a query on it (<see cref="MotifChain.SampleQuery"/>) and a uniform path. A pure function
/// of (motif set, orders, seed), all draws from one <c>new Random(seed)</c>.
/// </summary>
public sealed class MotifStream
{
    private readonly MotifChain[] _chains;
    private readonly Random _rng;

    /// <summary>Starts the stream.</summary>
    public MotifStream(MotifSet set, IReadOnlyList<int[]> orders, int seed)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.Count == 0) throw new ArgumentException("Need at least one motif order.", nameof(orders));
        _chains = [.. orders.Select(set.Chain)];
        _rng = new Random(seed);
    }

    /// <summary>The next example and the query it answers.</summary>
    public (Example Example, MotifQuery Query) Next()
    {
        var chain = _chains[Paths.UniformRandom.NextIndex(_rng, _chains.Length)];
        var query = chain.SampleQuery(_rng);
        return (chain.Encode(query, _rng), query);
    }
}
