using GraphNav.Export.Onnx;

namespace GraphNav.Export.Tests;

/// <summary>
/// Tiny models built with <see cref="OnnxGraphBuilder"/>, plus the same arithmetic in C# so tests can
/// compare ORT's output with values computed here.
/// </summary>
internal sealed class TinyModels
{
    public const int Vocab = 7;
    public const int Dim = 4;
    public const int Positions = 6;

    public TinyModels(int seed)
    {
        var random = new Random(seed);
        Embedding = Draw(random, Vocab * Dim);
        PositionEmbedding = Draw(random, Positions * Dim);
        Weight = Draw(random, Dim * Vocab);
        Bias = Draw(random, Vocab);
        Scale = Draw(random, Dim);
        Shift = Draw(random, Dim);
    }

    /// <summary>[Vocab, Dim] token embedding.</summary>
    public float[] Embedding { get; }

    /// <summary>[Positions, Dim] position embedding (used by the model with position_ids).</summary>
    public float[] PositionEmbedding { get; }

    /// <summary>[Dim, Vocab] output projection.</summary>
    public float[] Weight { get; }

    /// <summary>[Vocab] output bias.</summary>
    public float[] Bias { get; }

    /// <summary>[Dim] LayerNormalization scale.</summary>
    public float[] Scale { get; }

    /// <summary>[Dim] LayerNormalization bias.</summary>
    public float[] Shift { get; }

    /// <summary>
    /// logits = Gather(embedding, ids) [+ Gather(wpe, position_ids)] [· attention_mask] → [LayerNorm] → MatMul(W) + b.
    /// </summary>
    public OnnxGraphBuilder Bigram(OnnxElementType idType = OnnxElementType.Int64, bool withMaskAndPositions = false,
        bool layerNorm = false, OnnxDim? sequence = null, int opset = OnnxGraphBuilder.DefaultOpset)
    {
        var b = new OnnxGraphBuilder("bigram", opset);
        OnnxDim seq = sequence ?? "sequence";
        b.AddInput("input_ids", idType, "batch", seq);
        b.AddInitializer("wte", Embedding, Vocab, Dim);
        b.AddInitializer("w", Weight, Dim, Vocab);
        b.AddInitializer("b", Bias, Vocab);
        var x = b.AddNode("Gather", ["wte", "input_ids"], ["tok"]);
        if (withMaskAndPositions)
        {
            b.AddInput("attention_mask", OnnxElementType.Int64, "batch", seq);
            b.AddInput("position_ids", OnnxElementType.Int64, "batch", seq);
            b.AddInitializer("wpe", PositionEmbedding, Positions, Dim);
            b.AddInitializer("last_axis", [-1L], 1);
            var pos = b.AddNode("Gather", ["wpe", "position_ids"], ["pos"]);
            var sum = b.AddNode("Add", [x, pos], ["tok_pos"]);
            var mask = b.AddNode("Cast", ["attention_mask"], ["mask_f"], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
            var mask3 = b.AddNode("Unsqueeze", [mask, "last_axis"], ["mask3"]);
            x = b.AddNode("Mul", [sum, mask3], ["masked"]);
        }
        if (layerNorm)
        {
            b.AddInitializer("ln_scale", Scale, Dim);
            b.AddInitializer("ln_bias", Shift, Dim);
            x = b.AddNode("LayerNormalization", [x, "ln_scale", "ln_bias"], ["ln"],
                OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", 1e-5f));
        }
        var h = b.AddNode("MatMul", [x, "w"], ["h"]);
        b.AddNode("Add", [h, "b"], ["logits"]);
        b.AddOutput("logits", OnnxElementType.Float, "batch", seq, Vocab);
        return b;
    }

    /// <summary>The same computation as <see cref="Bigram"/>, in double precision, for ids [B, T].</summary>
    public float[] Expected(int[] ids, int sequence, bool withPositions = false, bool layerNorm = false)
    {
        var logits = new float[ids.Length * Vocab];
        var x = new double[Dim];
        for (var n = 0; n < ids.Length; n++)
        {
            for (var d = 0; d < Dim; d++)
            {
                x[d] = Embedding[ids[n] * Dim + d] + (withPositions ? PositionEmbedding[n % sequence * Dim + d] : 0);
            }
            if (layerNorm)
            {
                var mean = x.Average();
                var variance = x.Select(v => (v - mean) * (v - mean)).Average();
                for (var d = 0; d < Dim; d++)
                {
                    x[d] = (x[d] - mean) / Math.Sqrt(variance + 1e-5) * Scale[d] + Shift[d];
                }
            }
            for (var v = 0; v < Vocab; v++)
            {
                double sum = Bias[v];
                for (var d = 0; d < Dim; d++)
                {
                    sum += x[d] * Weight[d * Vocab + v];
                }
                logits[n * Vocab + v] = (float)sum;
            }
        }
        return logits;
    }

    private static float[] Draw(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return values;
    }
}
