using GraphNav.Models.Gpt;

namespace GraphNav.Torch.Tests;

/// <summary>One cross-check configuration: a tiny model shape, an optional attention-mimicking target,
/// and a deterministic batch (ids, targets with some −1) sized for it.</summary>
public sealed record CrossCheckCase(string Name, GptConfig Config, int Batch, int MimicHeadsPerLayer = 0)
{
    /// <summary>The variants of issue #15: decoder, attention-only decoder, encoder with a 2- and a
    /// 1-logit head, weight-tied encoder, hard-coded heads, attention mimicking.</summary>
    public static IEnumerable<CrossCheckCase> All()
    {
        var decoder = new GptConfig { VocabSize = 13, ContextLength = 8, Layers = 2, Heads = 2, Channels = 16 };
        var encoder = decoder with { Causal = false, ContextLength = 10, OutputSize = 2, TiedHead = false, Heads = 4 };
        yield return new("decoder", decoder.Validated(), 3);
        yield return new("attention-only decoder (untied, no final LayerNorm)",
            (decoder with { Layers = 1, Heads = 1, UseMlp = false, TiedHead = false, FinalLayerNorm = false }).Validated(), 3);
        yield return new("encoder, 2-logit head", encoder.Validated(), 3);
        yield return new("encoder, 1-logit head", (encoder with { OutputSize = 1 }).Validated(), 3);
        yield return new("weight-tied encoder (1 block applied 3 times)", (encoder with { Layers = 3, ShareLayers = true }).Validated(), 3);
        yield return new("encoder with 2 hard-coded heads", (encoder with { FixedHeads = 2 }).Validated(), 3);
        yield return new("encoder with embedding LayerNorm", (encoder with { EmbeddingLayerNorm = true }).Validated(), 3);
        yield return new("decoder with embedding LayerNorm", (decoder with { EmbeddingLayerNorm = true }).Validated(), 3);
        yield return new("encoder with attention mimicking of heads 0 and 1", encoder.Validated(), 3, MimicHeadsPerLayer: 2);
    }

    /// <summary>The mimicking targets (null without).</summary>
    public IAttentionTargets? Targets => MimicHeadsPerLayer > 0 ? new FixedMapTargets(Config.Layers, MimicHeadsPerLayer) : null;

    /// <summary>Batch <paramref name="index"/>: ids [B,T] (with repeated ids, so same-token maps are not trivial) and targets [B,T].</summary>
    public (int[] Ids, int[] Targets) Data(int index)
    {
        var random = new Random(1000 + index);
        int n = Batch * Config.ContextLength;
        var ids = new int[n];
        var targets = new int[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = random.Next(Math.Min(Config.VocabSize, 6)); // few distinct ids: repeats in every row
            targets[i] = random.Next(4) == 0 ? -1 : random.Next(Config.OutputWidth);
        }
        return (ids, targets);
    }

    /// <summary>The engine's seed-0 initialisation plus a uniform ±0.1 offset on every tensor (LayerNorm and
    /// biases included), so that no term of the forward hides behind a zero or a one.</summary>
    public GptModel EngineModel()
    {
        var model = new GptModel(Config, seed: 0, maxBatch: Batch);
        var random = new Random(7);
        float[] data = model.Parameters.Data;
        for (int i = 0; i < data.Length; i++)
            data[i] += 0.1f * (float)(random.NextDouble() * 2 - 1);
        return model;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
