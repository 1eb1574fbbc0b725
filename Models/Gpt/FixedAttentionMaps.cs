namespace GraphNav.Models.Gpt;

/// <summary>
/// The two structured attention maps of the LEGO paper (docs/PHENOMENA.md §3: B3 mimicking targets, B5
/// hard-coded heads), defined on token ids alone so the engine needs no task. A map is [T, T]
/// row-major (row = query, column = key) and every row sums to 1.
/// <list type="bullet">
/// <item>Same-token ("association"): query i attends uniformly to the <i>other</i> positions holding
/// the identical id; a query whose id occurs nowhere else attends to itself.</item>
/// <item>Band ("manipulation"): query i attends to keys i−2…i+2 with weights 1, 2, 4, 2, 1; keys
/// outside 0…T−1 are dropped and the row renormalised.</item>
/// </list>
/// Head h of a model with <see cref="GptConfig.FixedHeads"/> (and the mimicking targets of
/// <see cref="FixedMapTargets"/>) uses the same-token map when h is even and the band when h is odd.
/// </summary>
public static class FixedAttentionMaps
{
    /// <summary>These maps as the engine's provider for <see cref="GptConfig.FixedHeads"/> (head h → <see cref="ForHead"/>).</summary>
    public static IAttentionMapProvider Provider { get; } = new HeadLayout();

    /// <summary>Band weights for key offsets −2…+2 from the query.</summary>
    public static ReadOnlySpan<float> BandWeights => [1f, 2f, 4f, 2f, 1f];

    /// <summary>Whether head <paramref name="head"/> of a fixed-map layout uses the same-token map
    /// (even heads) rather than the band (odd heads).</summary>
    public static bool IsSameTokenHead(int head) => head % 2 == 0;

    /// <summary>Writes the map of fixed head <paramref name="head"/> for one sequence of ids [T] into map [T, T].</summary>
    public static void ForHead(int head, ReadOnlySpan<int> ids, Span<float> map)
    {
        if (IsSameTokenHead(head)) SameToken(ids, map);
        else Band(ids.Length, map);
    }

    /// <summary>Same-token map of ids [T] into map [T, T] (see the type's summary).</summary>
    /// <exception cref="ArgumentException">map holds fewer than T·T values.</exception>
    public static void SameToken(ReadOnlySpan<int> ids, Span<float> map)
    {
        int t = ids.Length;
        CheckMap(t, map.Length);
        map[..(t * t)].Clear();
        for (int i = 0; i < t; i++)
        {
            var row = map.Slice(i * t, t);
            int id = ids[i], matches = 0;
            for (int j = 0; j < t; j++)
                if (j != i && ids[j] == id) matches++;
            if (matches == 0)
            {
                row[i] = 1f; // no other occurrence: pass the token's own value through
                continue;
            }
            float w = 1f / matches;
            for (int j = 0; j < t; j++)
                if (j != i && ids[j] == id) row[j] = w;
        }
    }

    /// <summary>Band map of length <paramref name="sequence"/> into map [T, T] (see the type's summary).</summary>
    /// <exception cref="ArgumentException">sequence is not positive or map holds fewer than T·T values.</exception>
    public static void Band(int sequence, Span<float> map)
    {
        if (sequence <= 0) throw new ArgumentException($"Band map: sequence length must be positive, got {sequence}.", nameof(sequence));
        CheckMap(sequence, map.Length);
        map[..(sequence * sequence)].Clear();
        var band = BandWeights;
        int half = band.Length / 2;
        for (int i = 0; i < sequence; i++)
        {
            var row = map.Slice(i * sequence, sequence);
            int first = Math.Max(0, i - half), last = Math.Min(sequence - 1, i + half);
            float total = 0;
            for (int j = first; j <= last; j++) total += band[j - i + half];
            for (int j = first; j <= last; j++) row[j] = band[j - i + half] / total;
        }
    }

    private static void CheckMap(int t, int length)
    {
        if (length < t * t)
            throw new ArgumentException($"An attention map for T = {t} needs T·T = {t * t} values, got {length}.");
    }

    private sealed class HeadLayout : IAttentionMapProvider
    {
        public void Fill(int head, ReadOnlySpan<int> ids, Span<float> map) => ForHead(head, ids, map);
    }
}
