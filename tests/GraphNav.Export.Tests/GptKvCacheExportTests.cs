using GraphNav.Export.Gpt;
using GraphNav.Models.Gpt;
using Microsoft.ML.OnnxRuntime;

namespace GraphNav.Export.Tests;

/// <summary>The KV-cache export: pasts fed back as presents reproduce the full forward.</summary>
[TestFixture]
public sealed class GptKvCacheExportTests
{
    public static IEnumerable<TestCaseData> Variants()
    {
        var small = GptTestModels.Small;
        yield return new TestCaseData(small, false).SetArgDisplayNames("decoder, random");
        yield return new TestCaseData(small with { TiedHead = false }, true).SetArgDisplayNames("decoder untied, trained");
        yield return new TestCaseData(small with { UseMlp = false, Layers = 1, Heads = 1 }, true).SetArgDisplayNames("attention-only 1x1, trained");
        yield return new TestCaseData(small with { EmbeddingLayerNorm = true }, true).SetArgDisplayNames("embedding LayerNorm, trained");
    }

    /// <summary>Prompt of 5 in one run, then one token per run up to the full context: the last
    /// position's logits and attention row equal the engine's full forward over the same prefix.</summary>
    [TestCaseSource(nameof(Variants))]
    public void IncrementalRunsMatchFullForward(GptConfig config, bool trained)
    {
        var model = trained ? GptTestModels.Trained(config, 21) : GptTestModels.Random(config, 21);
        using var folder = new TempFolder();
        var path = folder.File("kv.onnx");
        GptOnnxExporter.Export(model, path, new GptExportOptions { KvCache = true, IncludeAttentions = true });
        using var session = new InferenceSession(path);
        int B = 3, T = config.ContextLength, V = config.VocabSize, L = config.Layers, NH = config.Heads, HS = config.HeadSize;
        var ids = GptTestModels.Ids(B, T, V, 5);
        var full = new float[B * T * V];
        model.Logits(ids, B, T, full);
        var fullMaps = new float[L][];
        for (int l = 0; l < L; l++)
        {
            fullMaps[l] = new float[B * NH * T * T];
            model.AttentionMaps(ids, B, T, l, fullMaps[l]);
        }

        var outputNames = new List<string> { GptOnnxNames.Logits };
        outputNames.AddRange(Enumerable.Range(0, L).Select(GptOnnxNames.Attentions));
        var pastNames = Enumerable.Range(0, L).SelectMany(l => new[] { GptOnnxNames.PastKey(l), GptOnnxNames.PastValue(l) }).ToArray();
        outputNames.AddRange(Enumerable.Range(0, L).SelectMany(l => new[] { GptOnnxNames.PresentKey(l), GptOnnxNames.PresentValue(l) }));
        var pasts = pastNames.Select(_ => OrtReferee.EmptyFloats(B, NH, 0, HS)).ToArray();
        float worstLogit = 0, worstAttention = 0;
        try
        {
            int position = 0;
            foreach (int width in new[] { 5 }.Concat(Enumerable.Repeat(1, T - 5)))
            {
                var chunk = new long[B * width];
                for (int b = 0; b < B; b++)
                    for (int i = 0; i < width; i++) chunk[b * width + i] = ids[b * T + position + i];
                using var input = OrtValue.CreateTensorValueFromMemory(chunk, [B, width]);
                var feeds = new List<KeyValuePair<string, OrtValue>> { new(GptOnnxNames.InputIds, input) };
                feeds.AddRange(pastNames.Select((n, i) => new KeyValuePair<string, OrtValue>(n, pasts[i])));
                var outputs = session.RunFeeds(feeds, outputNames);
                int last = position + width - 1, S = last + 1;
                var logits = outputs[0].GetTensorDataAsSpan<float>();
                for (int b = 0; b < B; b++)
                {
                    var actual = logits.Slice((b * width + width - 1) * V, V);
                    worstLogit = Math.Max(worstLogit, GptTestModels.MaxAbsDifference(actual, full.AsSpan((b * T + last) * V, V)));
                    for (int l = 0; l < L; l++)
                    {
                        Assert.That(outputs[1 + l].GetTensorTypeAndShape().Shape, Is.EqualTo(new long[] { B, NH, width, S }));
                        var maps = outputs[1 + l].GetTensorDataAsSpan<float>();
                        for (int h = 0; h < NH; h++)
                        {
                            var row = maps.Slice(((b * NH + h) * width + width - 1) * S, S);
                            var expected = fullMaps[l].AsSpan((((b * NH) + h) * T + last) * T, S); // causal: zeros beyond S
                            worstAttention = Math.Max(worstAttention, GptTestModels.MaxAbsDifference(row, expected));
                        }
                    }
                }
                outputs[0].Dispose();
                for (int l = 0; l < L; l++) outputs[1 + l].Dispose();
                for (int i = 0; i < pasts.Length; i++)
                {
                    pasts[i].Dispose();
                    pasts[i] = outputs[1 + L + i];
                    Assert.That(pasts[i].GetTensorTypeAndShape().Shape, Is.EqualTo(new long[] { B, NH, S, HS }), "present shape");
                }
                position += width;
            }
        }
        finally
        {
            foreach (var p in pasts) p.Dispose();
        }
        TestContext.Out.WriteLine($"max |Δ logits| = {worstLogit:E2}, max |Δ attention| = {worstAttention:E2}");
        Assert.That(worstLogit, Is.LessThanOrEqualTo(1e-4f));
        Assert.That(worstAttention, Is.LessThanOrEqualTo(1e-5f));
    }

    [Test]
    public void EmptyPastsGiveThePlainExportsLogits()
    {
        var model = GptTestModels.Random(GptTestModels.Small, 3);
        using var folder = new TempFolder();
        GptOnnxExporter.Export(model, folder.File("kv.onnx"), new GptExportOptions { KvCache = true });
        using var onnx = new OnnxModel(folder.File("kv.onnx")); // OnnxModel feeds pasts of length 0
        Assert.That(onnx.PastInputCount, Is.EqualTo(2 * GptTestModels.Small.Layers));
        var ids = GptTestModels.Ids(4, 9, onnx.VocabSize, 8);
        var expected = new float[4 * 9 * onnx.VocabSize];
        var actual = new float[expected.Length];
        model.Logits(ids, 4, 9, expected);
        onnx.Logits(ids, 4, 9, actual);
        Assert.That(GptTestModels.MaxAbsDifference(actual, expected), Is.LessThanOrEqualTo(1e-4f));
    }

    [Test]
    public void PastBeyondTheContextIsAnOrtError()
    {
        var config = GptTestModels.Small with { ContextLength = 4 };
        using var folder = new TempFolder();
        GptOnnxExporter.Export(new GptModel(config, 1), folder.File("kv.onnx"), new GptExportOptions { KvCache = true });
        using var session = new InferenceSession(folder.File("kv.onnx"));
        using var ids = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 2 }, [1, 2]);
        var past = new float[config.Heads * 3 * config.HeadSize];
        var feeds = new List<KeyValuePair<string, OrtValue>> { new(GptOnnxNames.InputIds, ids) };
        var owned = new List<OrtValue>();
        for (int l = 0; l < config.Layers; l++)
        {
            owned.Add(OrtValue.CreateTensorValueFromMemory(past, [1, config.Heads, 3, config.HeadSize]));
            owned.Add(OrtValue.CreateTensorValueFromMemory(past, [1, config.Heads, 3, config.HeadSize]));
            feeds.Add(new(GptOnnxNames.PastKey(l), owned[^2]));
            feeds.Add(new(GptOnnxNames.PastValue(l), owned[^1]));
        }
        try
        {
            // positions 3 and 4 of a 4-position model: the wpe Gather is out of range.
            Assert.Throws<OnnxRuntimeException>(() => session.RunFeeds(feeds, [GptOnnxNames.Logits]));
        }
        finally
        {
            foreach (var v in owned) v.Dispose();
        }
    }
}
