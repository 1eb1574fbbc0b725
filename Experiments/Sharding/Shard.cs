using System.Globalization;
using GraphNav.Experiments.Phenomena;

namespace GraphNav.Experiments.Sharding;

/// <summary>
/// One of <see cref="Count"/> shards of a run (<c>--shard i/n</c>, run parameter <c>Shard=i/n</c>, 1-based):
/// the run's (phenomenon, seed) work items, enumerated phenomenon by phenomenon and seed by seed, are
/// dealt round-robin, item k to shard k mod n + 1. The split depends only on the list of phenomena, the
/// seeds and n, so every machine of a matrix computes the same split, and the shards' records merge into
/// the unsharded run's (<see cref="Comparison.RecordMerge"/>).
/// </summary>
/// <param name="Index">This shard, 1 to <paramref name="Count"/>.</param>
/// <param name="Count">Number of shards, ≥ 1.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The whole run: one shard.</summary>
    public static Shard All { get; } = new(1, 1);

    /// <summary>Parses "i/n"; a malformed one is refused in one line naming <paramref name="source"/>.</summary>
    public static Shard Parse(string text, string source = "--shard")
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && i >= 1 && i <= n)
            return new Shard(i, n);
        throw new ArgumentException($"{source} '{text}': write i/n with 1 ≤ i ≤ n, e.g. 1/2.");
    }

    /// <summary>This shard's work: each phenomenon with the seeds it runs here (phenomena with none are left out), in order.</summary>
    public IReadOnlyList<(IPhenomenon Phenomenon, IReadOnlyList<int> Seeds)> Select(IReadOnlyList<IPhenomenon> phenomena, IReadOnlyList<int> seeds)
    {
        ArgumentNullException.ThrowIfNull(phenomena);
        ArgumentNullException.ThrowIfNull(seeds);
        var work = new List<(IPhenomenon, IReadOnlyList<int>)>();
        int k = 0;
        foreach (var phenomenon in phenomena)
        {
            var mine = new List<int>();
            foreach (int seed in seeds)
                if (k++ % Count == Index - 1) mine.Add(seed);
            if (mine.Count > 0) work.Add((phenomenon, mine));
        }
        return work;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
