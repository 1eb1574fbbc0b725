using GraphNav.Export.Gpt;
using GraphNav.Models.Gpt;

namespace GraphNav.Export.Tests;

/// <summary>The ONNX-backed model offers the engine's optional capabilities with the engine's values.</summary>
[TestFixture]
public sealed class OnnxGptModelTests
{
    [TestCase(false, TestName = "plain export")]
    [TestCase(true, TestName = "KV-cache export")]
    public void CapabilitiesMatchTheEngine(bool kvCache)
    {
        var config = GptTestModels.Small with { TiedHead = false };
        var engine = GptTestModels.Trained(config, 31);
        using var folder = new TempFolder();
        var path = folder.File("gpt.onnx");
        GptOnnxExporter.Export(engine, path, new GptExportOptions { IncludeAttentions = true, KvCache = kvCache });
        using var onnx = new OnnxGptModel(path);
        Assert.That((onnx.AttentionLayers, onnx.AttentionHeads, onnx.EmbeddingChannels), Is.EqualTo((config.Layers, config.Heads, config.Channels)));

        var ids = GptTestModels.Ids(3, 7, config.VocabSize, 2);
        for (int l = 0; l < config.Layers; l++)
        {
            var expected = new float[3 * config.Heads * 49];
            var actual = new float[expected.Length];
            engine.AttentionMaps(ids, 3, 7, l, expected);
            onnx.AttentionMaps(ids, 3, 7, l, actual);
            Assert.That(GptTestModels.MaxAbsDifference(actual, expected), Is.LessThanOrEqualTo(1e-5f), $"layer {l}");
        }

        int c = config.Channels;
        Assert.That(Copy(onnx.CopyTokenEmbedding, config.VocabSize * c), Is.EqualTo(Copy(engine.CopyTokenEmbedding, config.VocabSize * c)));
        for (int l = 0; l < config.Layers; l++)
        {
            Assert.That(Pair(onnx.CopyValueProjection, l, c), Is.EqualTo(Pair(engine.CopyValueProjection, l, c)), $"W_V layer {l}");
            Assert.That(Pair(onnx.CopyOutputProjection, l, c), Is.EqualTo(Pair(engine.CopyOutputProjection, l, c)), $"W_O layer {l}");
        }
    }

    [Test]
    public void ExportWithoutAttentionsIsRefusedByName()
    {
        using var folder = new TempFolder();
        var path = folder.File("plain.onnx");
        GptOnnxExporter.Export(new GptModel(GptTestModels.Small, 1), path);
        using (var plain = new OnnxModel(path))
            Assert.That(OnnxGptModel.Supports(plain, out _), Is.False);
        var error = Assert.Throws<InvalidDataException>(() => new OnnxGptModel(path));
        Assert.That(error!.Message, Does.Contain("attentions.0"));
    }

    private static float[] Copy(Action<Span<float>> copy, int length)
    {
        var values = new float[length];
        copy(values);
        return values;
    }

    private delegate void CopyPair(int layer, Span<float> weight, Span<float> bias);

    private static float[] Pair(CopyPair copy, int layer, int c)
    {
        var weight = new float[c * c];
        var bias = new float[c];
        copy(layer, weight, bias);
        return [.. weight, .. bias];
    }
}
