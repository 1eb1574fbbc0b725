namespace GraphNav.Tasks.Lego;

/// <summary>
/// Attention target maps of the LEGO paper's structured heads (B3 mimicking, B5 hard-coded heads)
/// and the B4 association measurement. Maps are [T, T] row-major, row i = query i, column j = key j;
/// each row sums to 1.
/// </summary>
public static class LegoAttention
{
    /// <summary>Manipulation band weights for key offsets −2…+2 from the query.</summary>
    public static ReadOnlySpan<float> BandWeights => [1f, 2f, 4f, 2f, 1f];

    /// <summary>
    /// Association map of <paramref name="tokens"/> [T]: query i attends uniformly to the <i>other</i>
    /// positions holding the identical token (diagonal excluded). A token that occurs only once
    /// attends to itself — the head then passes the token through unchanged, the natural "no match"
    /// — so every row stays one-hot or uniform and the map stays row-stochastic. PAD matches PAD like
    /// any other token.
    /// </summary>
    public static float[] Association(ReadOnlySpan<int> tokens)
    {
        var map = new float[tokens.Length * tokens.Length];
        Association(tokens, map);
        return map;
    }

    /// <summary>Writes the association map of <paramref name="tokens"/> [T] into <paramref name="map"/> [T, T].</summary>
    public static void Association(ReadOnlySpan<int> tokens, Span<float> map)
    {
        int t = tokens.Length;
        CheckMap(t, map.Length);
        map[..(t * t)].Clear();
        for (int i = 0; i < t; i++)
        {
            var row = map.Slice(i * t, t);
            int matches = MatchesElsewhere(tokens, i);
            if (matches == 0)
            {
                row[i] = 1f;
                continue;
            }
            float w = 1f / matches;
            for (int j = 0; j < t; j++)
            {
                if (j != i && tokens[j] == tokens[i]) row[j] = w;
            }
        }
    }

    /// <summary>
    /// Manipulation map [T, T]: query i attends to keys i−2…i+2 with weights 1, 2, 4, 2, 1; keys
    /// outside 0…T−1 are dropped and the row renormalised.
    /// </summary>
    public static float[] Manipulation(int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        var map = new float[sequence * sequence];
        Manipulation(sequence, map);
        return map;
    }

    /// <summary>Writes the manipulation map for length <paramref name="sequence"/> into <paramref name="map"/> [T, T].</summary>
    public static void Manipulation(int sequence, Span<float> map)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        CheckMap(sequence, map.Length);
        map[..(sequence * sequence)].Clear();
        var band = BandWeights;
        int half = band.Length / 2;
        for (int i = 0; i < sequence; i++)
        {
            var row = map.Slice(i * sequence, sequence);
            float total = 0;
            for (int d = -half; d <= half; d++)
            {
                if (i + d >= 0 && i + d < sequence) total += band[d + half];
            }
            for (int d = -half; d <= half; d++)
            {
                if (i + d >= 0 && i + d < sequence) row[i + d] = band[d + half] / total;
            }
        }
    }

    /// <summary>
    /// B4: association of one attention map [T, T] over <paramref name="tokens"/> [T]. Queries are the
    /// variable-name tokens whose name occurs at another position. For each, mass = attention on the
    /// other positions holding the same token (diagonal excluded), and ratio = mass / (m / (T − 1)),
    /// the mass uniform attention over the T − 1 other positions would put on the m matches. T is the
    /// map's size: if the model saw PAD, the padded positions count as "other positions".
    /// </summary>
    public static AssociationMeasure MeasureAssociation(ReadOnlySpan<float> attention, ReadOnlySpan<int> tokens, LegoTokens vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        int t = tokens.Length;
        CheckMap(t, attention.Length);
        var measure = default(AssociationMeasure);
        for (int i = 0; i < t; i++)
        {
            if (!vocabulary.IsVariable(tokens[i])) continue;
            int matches = MatchesElsewhere(tokens, i);
            if (matches == 0) continue;
            var row = attention.Slice(i * t, t);
            double mass = 0;
            for (int j = 0; j < t; j++)
            {
                if (j != i && tokens[j] == tokens[i]) mass += row[j];
            }
            double expected = matches / (double)(t - 1);
            measure = measure.Add(new AssociationMeasure(1, mass, mass / expected));
        }
        return measure;
    }

    private static int MatchesElsewhere(ReadOnlySpan<int> tokens, int i)
    {
        int count = 0;
        for (int j = 0; j < tokens.Length; j++)
        {
            if (j != i && tokens[j] == tokens[i]) count++;
        }
        return count;
    }

    private static void CheckMap(int t, int length)
    {
        if (length < t * t)
            throw new ArgumentException($"An attention map for T = {t} needs T × T = {t * t} values; got {length}.");
    }
}
