using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;

namespace GraphNav.Experiments.Lego;

/// <summary>
/// A curriculum over n (issue #17): an encoder trained on shorter LEGO sentences is the starting point
/// of one trained on longer ones. Every tensor comes from the checkpoint; only the position table grows.
/// Its T₀ trained rows are tiled over the longer context (row p takes row p mod T₀): a LEGO context of
/// one sentence is 5n tokens, so T₀ is a whole number of 5-token clauses and each position keeps its
/// place inside its clause — the within-clause and neighbour attention the short model learned holds
/// from the first step everywhere except across the seams, which training has to mend.
/// </summary>
public static class LegoWarmStart
{
    /// <summary>The model of <paramref name="target"/> holding the weights of the checkpoint at
    /// <paramref name="path"/>, with room for <paramref name="maxBatch"/> sequences.</summary>
    /// <exception cref="ArgumentException">No such file, or an encoder that differs from
    /// <paramref name="target"/> in anything but its context length (which may only grow).</exception>
    public static GptModel Load(string path, GptConfig target, int maxBatch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(target);
        if (!File.Exists(path)) throw new ArgumentException($"LEGO warm start: '{path}' does not exist.");
        var (source, _) = GptCheckpoint.Load(path, maxBatch: 1);
        var trained = source.Config;
        // The initialisation fields only say how fresh weights are drawn; every weight here is copied.
        var comparable = trained with
        {
            ContextLength = target.ContextLength,
            Initialization = target.Initialization,
            EmbeddingInitStd = target.EmbeddingInitStd,
        };
        if (comparable != target)
            throw new ArgumentException(
                $"LEGO warm start: '{path}' holds a {Shape(trained)} encoder, the recipe asks for {Shape(target)}; only the context length may differ.");
        if (trained.ContextLength > target.ContextLength)
            throw new ArgumentException(
                $"LEGO warm start: '{path}' was trained on {trained.ContextLength} positions, more than this task's {target.ContextLength}; a curriculum goes from shorter sentences to longer ones.");

        var model = new GptModel(target, seed: 0, maxBatch);
        var sources = source.Parameters.All.ToDictionary(t => t.Name);
        foreach (var tensor in model.Parameters.All)
        {
            var copy = sources[tensor.Name].Span;
            if (tensor.Name != "wpe")
            {
                copy.CopyTo(tensor.Span);
                continue;
            }
            int rows = trained.ContextLength, c = trained.Channels;
            for (int p = 0; p < target.ContextLength; p++)
                copy.Slice(p % rows * c, c).CopyTo(tensor.Span.Slice(p * c, c));
        }
        return model;
    }

    private static string Shape(GptConfig c) =>
        $"{c.Layers} × {c.Channels}, {c.Heads} heads, vocabulary {c.VocabSize}, {c.OutputSize} outputs" +
        $"{(c.EmbeddingLayerNorm ? ", embedding LayerNorm" : "")}{(c.ShareLayers ? ", shared layers" : "")}";
}
