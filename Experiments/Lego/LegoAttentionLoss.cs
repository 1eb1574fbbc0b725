using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>
/// How close a LEGO encoder's heads 0 and 1 are to the structured maps B3 mimics: the mean over
/// query rows of KL(map ‖ att) for head 0 toward the same-token (association) map and head 1
/// toward the band (manipulation) map, in every layer (<see cref="FixedMapTargets"/>), on a sentence set.
/// </summary>
public static class LegoAttentionLoss
{
    /// <summary>Mean KL (nats per row) on <paramref name="sentences"/>, padded to <paramref name="sequence"/>,
    /// in batches of the model's MaxBatch; the row mean weighs every batch by its size.</summary>
    /// <exception cref="ArgumentException">The model has fewer than 2 learned heads.</exception>
    public static double Measure(GptModel model, IReadOnlyList<LegoSentence> sentences, int sequence)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sentences);
        if (model.Config.Heads < 2 || model.Config.FixedHeads > 0)
            throw new ArgumentException($"LEGO attention loss: heads 0 and 1 must be learned (Heads {model.Config.Heads}, FixedHeads {model.Config.FixedHeads}).", nameof(model));
        var targets = new FixedMapTargets(model.Config.Layers, headsPerLayer: 2);
        int batch = model.MaxBatch;
        var ids = new int[batch * sequence];
        var labels = new int[batch * sequence];
        double sum = 0;
        for (int start = 0; start < sentences.Count; start += batch)
        {
            int rows = Math.Min(batch, sentences.Count - start);
            LegoBatchBuilder.Fill(sentences, start, rows, sequence, 0, ids.AsSpan(0, rows * sequence), labels.AsSpan(0, rows * sequence));
            sum += rows * (double)model.Forward(ids.AsSpan(0, rows * sequence), ReadOnlySpan<int>.Empty, rows, sequence, targets);
        }
        return sentences.Count == 0 ? double.NaN : sum / sentences.Count;
    }
}
