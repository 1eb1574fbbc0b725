using GraphNav.Export.Gpt;
using GraphNav.Models.Gpt;
using Microsoft.ML.OnnxRuntime;

namespace GraphNav.Export.Tests;

/// <summary>
/// Export of encoders with hard-coded heads (GptConfig.FixedHeads, the LEGO attention module): the
/// same-token map from an Equal on input_ids, the band from a constant. ORT's logits equal the
/// engine's to 1e-4, and the hard-coded heads' attention outputs equal the engine's maps exactly.
/// </summary>
[TestFixture]
public sealed class GptFixedHeadsExportTests
{
    // (1, 1): a single position (its own singleton); (3, 7) and (4, 32): repeats and singletons, band edges
    private static readonly (int Batch, int Sequence)[] Sizes = [(1, 1), (3, 7), (4, 32)];

    private static GptConfig Encoder(int fixedHeads, int heads) => GptTestModels.Small with
    {
        Causal = false, TiedHead = false, OutputSize = 2, Heads = heads, FixedHeads = fixedHeads,
    };

    [TestCase(1, 2)]
    [TestCase(2, 4)]
    [TestCase(3, 4)]
    [TestCase(2, 2)]
    public void OrtLogitsAndFixedMapsMatchEngine(int fixedHeads, int heads)
    {
        var config = Encoder(fixedHeads, heads);
        var model = GptTestModels.Random(config, 31);
        using var folder = new TempFolder();
        var path = folder.File("fixed.onnx");
        GptOnnxExporter.Export(model, path, new GptExportOptions { IncludeAttentions = true });
        using (var onnx = new OnnxModel(path))
            Assert.That(GptOnnxExporter.ReadConfig(onnx.File), Is.EqualTo(config), "FixedHeads round-trips in the metadata");
        using var session = new InferenceSession(path);
        var outputs = new[] { GptOnnxNames.Logits }.Concat(Enumerable.Range(0, config.Layers).Select(GptOnnxNames.Attentions)).ToArray();
        foreach (var (b, t) in Sizes)
        {
            var ids = GptTestModels.Ids(b, t, config.VocabSize, (ulong)(b * 100 + t));
            using var input = OrtValue.CreateTensorValueFromMemory(ids.Select(i => (long)i).ToArray(), [b, t]);
            var values = session.RunFeeds([new(GptOnnxNames.InputIds, input)], outputs);
            try
            {
                var expected = new float[b * t * 2];
                model.Logits(ids, b, t, expected);
                float difference = GptTestModels.MaxAbsDifference(values[0].GetTensorDataAsSpan<float>(), expected);
                TestContext.Out.WriteLine($"k={fixedHeads}/{heads} B={b} T={t}: max |ORT − engine| = {difference:E2}");
                Assert.That(difference, Is.LessThanOrEqualTo(1e-4f), $"logits, B={b} T={t}");
                for (int l = 0; l < config.Layers; l++)
                {
                    var maps = new float[b * heads * t * t];
                    model.AttentionMaps(ids, b, t, l, maps);
                    var ort = values[l + 1].GetTensorDataAsSpan<float>().ToArray();
                    Assert.That(values[l + 1].GetTensorTypeAndShape().Shape, Is.EqualTo(new long[] { b, heads, t, t }));
                    for (int row = 0; row < b; row++)
                        for (int h = 0; h < fixedHeads; h++)
                        {
                            int at = (row * heads + h) * t * t;
                            Assert.That(ort.AsSpan(at, t * t).ToArray(), Is.EqualTo(maps.AsSpan(at, t * t).ToArray()),
                                $"layer {l}, row {row}, hard-coded head {h}, B={b} T={t}");
                        }
                    Assert.That(GptTestModels.MaxAbsDifference(ort, maps), Is.LessThanOrEqualTo(1e-5f), $"all heads, layer {l}");
                }
            }
            finally
            {
                foreach (var v in values) v.Dispose();
            }
        }
    }
}
