using GraphNav.Models;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>
/// B4's association measure (<see cref="LegoAttention.MeasureAssociation"/>) for every (layer, head)
/// of an attention model, per sentence: the per-sentence values are the bootstrap units.
/// </summary>
public static class LegoAssociation
{
    /// <summary>Sentences per AttentionMaps call (the maps are B·NH·T·T floats).</summary>
    public const int Chunk = 50;

    /// <summary>
    /// result[s][layer · NH + head] is the measure of that head on sentence s (queries: variable
    /// tokens whose name occurs elsewhere in the sentence). Sentences are padded to
    /// <paramref name="sequence"/>.
    /// </summary>
    public static AssociationMeasure[][] Measure(IAttentionModel model, IReadOnlyList<LegoSentence> sentences, int sequence, LegoTokens vocabulary)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(vocabulary);
        int layers = model.AttentionLayers, heads = model.AttentionHeads, map = sequence * sequence;
        var result = new AssociationMeasure[sentences.Count][];
        for (int s = 0; s < result.Length; s++) result[s] = new AssociationMeasure[layers * heads];
        var ids = new int[Chunk * sequence];
        var targets = new int[Chunk * sequence];
        var maps = new float[Chunk * heads * map];
        for (int start = 0; start < sentences.Count; start += Chunk)
        {
            int rows = Math.Min(Chunk, sentences.Count - start);
            LegoBatchBuilder.Fill(sentences, start, rows, sequence, 0, ids, targets);
            for (int l = 0; l < layers; l++)
            {
                model.AttentionMaps(ids.AsSpan(0, rows * sequence), rows, sequence, l, maps.AsSpan(0, rows * heads * map));
                for (int b = 0; b < rows; b++)
                {
                    var tokens = ids.AsSpan(b * sequence, sequence);
                    for (int h = 0; h < heads; h++)
                        result[start + b][l * heads + h] = LegoAttention.MeasureAssociation(maps.AsSpan((b * heads + h) * map, map), tokens, vocabulary);
                }
            }
        }
        return result;
    }

    /// <summary>Pooled mean mass of head index <paramref name="head"/> over the sentences (per query).</summary>
    public static double Mass(IReadOnlyList<AssociationMeasure[]> sentences, int head) => Pool(sentences, head).Mass;

    /// <summary>Head <paramref name="head"/> (layer-major: layer · heads + head) as "L{layer}.H{head}" in a
    /// model of <paramref name="heads"/> heads per layer.</summary>
    public static string HeadName(int head, int heads) => $"L{head / heads}.H{head % heads}";

    /// <summary>Pooled mean ratio of head index <paramref name="head"/> over the sentences (per query).</summary>
    public static double Ratio(IReadOnlyList<AssociationMeasure[]> sentences, int head) => Pool(sentences, head).Ratio;

    private static AssociationMeasure Pool(IReadOnlyList<AssociationMeasure[]> sentences, int head)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var total = default(AssociationMeasure);
        foreach (var s in sentences) total = total.Add(s[head]);
        return total;
    }
}
