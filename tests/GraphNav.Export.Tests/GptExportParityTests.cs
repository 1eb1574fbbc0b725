using GraphNav.Export.Gpt;
using GraphNav.Models.Gpt;
using Microsoft.ML.OnnxRuntime;

namespace GraphNav.Export.Tests;

/// <summary>ORT running the exported graph gives the engine's logits (1e-4) and attention maps (1e-5).</summary>
[TestFixture]
public sealed class GptExportParityTests
{
    private static readonly (int Batch, int Sequence)[] Sizes = [(1, 1), (1, 32), (3, 7), (16, 32)];

    /// <summary>Every architecture variant the engine has: decoder / attention-only / encoder, tied or not, final LN or not.</summary>
    public static IEnumerable<TestCaseData> Variants()
    {
        var small = GptTestModels.Small;
        foreach (bool trained in new[] { false, true })
        {
            string weights = trained ? "trained" : "random";
            yield return Case(small, trained, $"decoder tied, {weights}");
            yield return Case(small with { TiedHead = false }, trained, $"decoder untied, {weights}");
            yield return Case(small with { UseMlp = false }, trained, $"attention-only tied, {weights}");
            yield return Case(small with { UseMlp = false, TiedHead = false, Layers = 1, Heads = 1 }, trained, $"attention-only 1x1 untied, {weights}");
            yield return Case(small with { Causal = false }, trained, $"encoder tied, {weights}");
            yield return Case(small with { Causal = false, TiedHead = false }, trained, $"encoder untied, {weights}");
            yield return Case(small with { FinalLayerNorm = false, MlpRatio = 2, LayerNormEps = 1e-3f }, trained, $"no final LN, MLP 2C, eps 1e-3, {weights}");
        }
    }

    private static TestCaseData Case(GptConfig config, bool trained, string name) =>
        new TestCaseData(config, trained).SetArgDisplayNames(name);

    [TestCaseSource(nameof(Variants))]
    public void OrtLogitsMatchEngine(GptConfig config, bool trained)
    {
        var model = trained ? GptTestModels.Trained(config, 11) : GptTestModels.Random(config, 11);
        using var folder = new TempFolder();
        var path = folder.File("gpt.onnx");
        GptOnnxExporter.Export(model, path);
        using var onnx = new OnnxModel(path);
        Assert.That(onnx.VocabSize, Is.EqualTo(config.VocabSize));
        Assert.That(onnx.ContextLength, Is.EqualTo(config.ContextLength));
        GptTestModels.AssertOrtLogitsMatch(model, onnx, Sizes);
    }

    [TestCaseSource(nameof(Variants))]
    public void OrtAttentionsMatchEngine(GptConfig config, bool trained)
    {
        var model = trained ? GptTestModels.Trained(config, 12) : GptTestModels.Random(config, 12);
        using var folder = new TempFolder();
        var path = folder.File("gpt.onnx");
        GptOnnxExporter.Export(model, path, new GptExportOptions { IncludeAttentions = true });
        using var session = new InferenceSession(path);
        var outputs = Enumerable.Range(0, config.Layers).Select(GptOnnxNames.Attentions).ToArray();
        foreach (var (b, t) in Sizes)
        {
            var ids = GptTestModels.Ids(b, t, config.VocabSize, (ulong)(b * 10 + t));
            using var input = OrtValue.CreateTensorValueFromMemory(ids.Select(i => (long)i).ToArray(), [b, t]);
            var maps = session.RunFeeds([new(GptOnnxNames.InputIds, input)], outputs);
            try
            {
                for (int l = 0; l < config.Layers; l++)
                {
                    var expected = new float[b * config.Heads * t * t];
                    model.AttentionMaps(ids, b, t, l, expected);
                    Assert.That(maps[l].GetTensorTypeAndShape().Shape, Is.EqualTo(new long[] { b, config.Heads, t, t }));
                    Assert.That(GptTestModels.MaxAbsDifference(maps[l].GetTensorDataAsSpan<float>(), expected), Is.LessThanOrEqualTo(1e-5f), $"layer {l}, B={b} T={t}");
                }
            }
            finally
            {
                foreach (var m in maps) m.Dispose();
            }
        }
    }
}
