using GraphNav.Export.Gpt;
using GraphNav.Models.Gpt;

namespace GraphNav.Export.Tests;

/// <summary>
/// Export of models with GptConfig.EmbeddingLayerNorm (BERT's LayerNorm on the summed embeddings,
/// issue #17): ORT's logits equal the engine's to 1e-4 for the LEGO-style encoder and for a decoder,
/// random and after a few training steps (which move lnew/lneb off 1/0), and the exported config keeps the option.
/// </summary>
[TestFixture]
public sealed class GptEmbeddingLayerNormExportTests
{
    private static readonly (int Batch, int Sequence)[] Sizes = [(1, 1), (3, 7), (4, 32)];

    private static GptConfig Encoder => GptTestModels.Small with { Causal = false, TiedHead = false, OutputSize = 2, EmbeddingLayerNorm = true };

    private static GptConfig Decoder => GptTestModels.Small with { EmbeddingLayerNorm = true };

    public static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData(Encoder, false).SetArgDisplayNames("encoder", "random");
        yield return new TestCaseData(Encoder, true).SetArgDisplayNames("encoder", "trained");
        yield return new TestCaseData(Decoder, false).SetArgDisplayNames("decoder", "random");
        yield return new TestCaseData(Decoder, true).SetArgDisplayNames("decoder", "trained");
    }

    [TestCaseSource(nameof(Models))]
    public void OrtLogitsMatchEngine(GptConfig config, bool trained)
    {
        var model = trained ? GptTestModels.Trained(config, 41) : GptTestModels.Random(config, 41);
        if (trained)
            Assert.That(model.Parameters.Lneb.Span.ToArray(), Has.Some.Not.EqualTo(0f), "training moved the embedding LayerNorm's bias");
        using var folder = new TempFolder();
        var path = folder.File("emb-ln.onnx");
        GptOnnxExporter.Export(model, path);
        using var onnx = new OnnxModel(path);
        GptTestModels.AssertOrtLogitsMatch(model, onnx, Sizes);
    }

    [Test]
    public void ExportedConfigKeepsEmbeddingLayerNorm()
    {
        var model = GptTestModels.Random(Encoder, 5);
        using var folder = new TempFolder();
        var path = folder.File("emb-ln.onnx");
        GptOnnxExporter.Export(model, path);
        using var onnx = new OnnxModel(path);
        Assert.That(GptOnnxExporter.ReadConfig(onnx.File), Is.EqualTo(model.Config));
        Assert.That(onnx.File.ReadFloats(GptWeightNames.EmbeddingNormWeight), Is.EqualTo(model.Parameters.Lnew.Span.ToArray()));
    }
}
