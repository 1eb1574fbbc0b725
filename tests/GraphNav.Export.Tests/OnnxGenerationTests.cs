using GraphNav.Export.Gpt;
using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;

namespace GraphNav.Export.Tests;

/// <summary>Generation through ORT (full recompute and KV cache) equals the engine's KV-cache sampler.</summary>
[TestFixture]
public sealed class OnnxGenerationTests
{
    private TempFolder _folder = null!;
    private GptModel _model = null!;
    private string _plain = null!, _kv = null!;

    [OneTimeSetUp]
    public void TrainAndExport()
    {
        _model = CopyTask.Train(steps: 60, seed: 4);
        _folder = new TempFolder();
        _plain = _folder.File("copy.onnx");
        _kv = _folder.File("copy-kv.onnx");
        GptOnnxExporter.Export(_model, _plain);
        GptOnnxExporter.Export(_model, _kv, new GptExportOptions { KvCache = true });
    }

    [OneTimeTearDown]
    public void Cleanup() => _folder.Dispose();

    private static SamplingOptions Greedy => new() { StopToken = CopyTask.Eos, MaxNewTokens = 8, BatchSize = 5 };

    [Test]
    public void GreedyThroughOrtEqualsEngineKvSampler()
    {
        var prompts = CopyTask.Prompts(24, 99);
        var engine = GptSampler.Generate(_model, prompts, Greedy);
        using var onnx = new OnnxModel(_plain);
        var recomputed = TokenModelSampler.Generate(onnx, prompts, Greedy);
        using var generator = new OnnxKvGenerator(_kv);
        var cached = generator.Generate(prompts, Greedy);

        // Non-trivial: the model copies part of the digits, so outputs depend on the prompt.
        int copied = 0, full = 0;
        for (int i = 0; i < prompts.Count; i++)
        {
            if (prompts[i].Length != CopyTask.Digits + 2) continue;
            full++;
            for (int d = 0; d < Math.Min(CopyTask.Digits, engine[i].Length); d++)
                if (engine[i][d] == prompts[i][1 + d]) copied++;
        }
        TestContext.Out.WriteLine($"engine copies {copied} of {full * CopyTask.Digits} digits; first output: {string.Join(" ", engine[1])}");
        Assert.That(engine.Select(e => string.Join(",", e)).Distinct().Count(), Is.GreaterThan(1), "outputs depend on the prompt");
        for (int i = 0; i < prompts.Count; i++)
        {
            Assert.That(recomputed[i], Is.EqualTo(engine[i]), $"ORT full recompute, prompt {i}");
            Assert.That(cached[i], Is.EqualTo(engine[i]), $"ORT KV cache, prompt {i}");
        }
    }

    [Test]
    public void SamplingThroughOrtKvCacheEqualsEngineWithTheSameSeed()
    {
        var prompts = CopyTask.Prompts(12, 7);
        var options = Greedy with { Temperature = 1f, TopK = 5, Seed = 42, BatchSize = 4 };
        var engine = GptSampler.Generate(_model, prompts, options);
        using var generator = new OnnxKvGenerator(_kv);
        var cached = generator.Generate(prompts, options);
        Assert.That(cached, Is.EqualTo(engine));
        // Batch composition does not change a prompt's draws.
        Assert.That(generator.Generate(prompts, options with { BatchSize = 12 }), Is.EqualTo(engine));
    }

    [Test]
    public void GeneratorStopsAtContextAndMaxNewTokens()
    {
        using var generator = new OnnxKvGenerator(_kv);
        var prompts = new List<int[]> { new int[15], new[] { CopyTask.Bos }, new int[16] };
        var outputs = generator.Generate(prompts, new SamplingOptions { MaxNewTokens = 4 });
        // Context 16: a row may end at 17 tokens (the last one predicted by position 15, never fed back),
        // which caps the first at 2; the full one gets the one token its last position predicts.
        Assert.That(outputs.Select(o => o.Length), Is.EqualTo(new[] { 2, 4, 1 }));
    }

    [Test]
    public void GeneratorRefusesAModelWithoutCacheAndBadPrompts()
    {
        var error = Assert.Throws<InvalidDataException>(() => new OnnxKvGenerator(_plain));
        Assert.That(error!.Message, Does.Contain("past_key_values"));
        using var generator = new OnnxKvGenerator(_kv);
        Assert.Throws<ArgumentException>(() => generator.Generate([new[] { 1, CopyTask.Vocab }], Greedy));
        Assert.Throws<ArgumentException>(() => generator.Generate([Array.Empty<int>()], Greedy));
        Assert.Throws<ArgumentException>(() => generator.Generate([new int[17]], Greedy));
    }
}
