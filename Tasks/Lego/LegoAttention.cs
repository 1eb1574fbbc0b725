namespace GraphNav.Tasks.Lego;

/// <summary>
/// The B4 association measurement on LEGO sentences. Maps are [T, T] row-major, row i = query i,
/// column j = key j. (The structured maps themselves — association and band, the targets of B3 and
/// the hard-coded heads of B5 — are defined once, beside the engine, in GraphNav.Models'
/// FixedAttentionMaps: the engine needs them and Models references no task.)
/// </summary>
public static class LegoAttention
{
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
