using BenchmarkDotNet.Attributes;
using GraphNav.Export;
using GraphNav.Export.Gpt;
using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;

namespace GraphNav.Benchmarks;

/// <summary>
/// Greedy generation with the paper-A GPT (random weights, no stop token: every prompt of 8 tokens
/// grows by exactly 24 to the context of 32). Each benchmark's OperationsPerInvoke is the number of
/// generated tokens, so Mean is the time per generated token (tokens/s = 1 s / Mean).
/// ORT with the KV-cache export (<see cref="OnnxKvGenerator"/>), ORT without it (the plain export
/// under <see cref="TokenModelSampler"/>, a full forward per token), and the engine's own
/// KV-cache sampler as the anchor; batch 1 and 64, one thread each.
/// </summary>
[BenchmarkCategory("Onnx", "Generation")]
public class OnnxGenerationBenchmarks
{
    private const int PromptLength = 8, NewTokens = 24;
    private GptModel _engine = null!;
    private OnnxModel _plain = null!;
    private OnnxKvGenerator _cached = null!;
    private string _folder = null!;
    private List<int[]> _prompts1 = null!, _prompts64 = null!;

    /// <summary>ORT execution provider (<see cref="OnnxDevices"/>: cpu unless GRAPHNAV_BENCH_DEVICE says otherwise).</summary>
    [ParamsSource(nameof(Devices))]
    public string Device { get; set; } = "cpu";

    /// <summary>The values of <see cref="Device"/>.</summary>
    public static IEnumerable<string> Devices() => OnnxDevices.Values();

    [GlobalSetup]
    public void Setup()
    {
        var config = GptConfig.PaperA(106);
        _engine = new GptModel(config, seed: 1, maxBatch: 64);
        _folder = Directory.CreateTempSubdirectory("graphnav-onnx-gen-bench-").FullName;
        GptOnnxExporter.Export(_engine, Path.Combine(_folder, "plain.onnx"));
        GptOnnxExporter.Export(_engine, Path.Combine(_folder, "kv.onnx"), new GptExportOptions { KvCache = true });
        _plain = new OnnxModel(Path.Combine(_folder, "plain.onnx"), OnnxDevices.Settings(Device));
        _cached = new OnnxKvGenerator(Path.Combine(_folder, "kv.onnx"), OnnxDevices.Settings(Device));
        var random = new SeededRandom(3);
        _prompts64 = Enumerable.Range(0, 64)
            .Select(_ => Enumerable.Range(0, PromptLength).Select(_ => (int)(random.NextUInt64() % 106)).ToArray()).ToList();
        _prompts1 = _prompts64.Take(1).ToList();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cached.Dispose();
        _plain.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static SamplingOptions Options(int batch) => new() { MaxNewTokens = NewTokens, BatchSize = batch };

    [Benchmark(OperationsPerInvoke = NewTokens, Description = "ORT KV cache, batch 1")]
    public int[][] OrtKvCache1() => _cached.Generate(_prompts1, Options(1));

    [Benchmark(OperationsPerInvoke = 64 * NewTokens, Description = "ORT KV cache, batch 64")]
    public int[][] OrtKvCache64() => _cached.Generate(_prompts64, Options(64));

    [Benchmark(OperationsPerInvoke = NewTokens, Description = "ORT recompute, batch 1")]
    public int[][] OrtRecompute1() => TokenModelSampler.Generate(_plain, _prompts1, Options(1));

    [Benchmark(OperationsPerInvoke = 64 * NewTokens, Description = "ORT recompute, batch 64")]
    public int[][] OrtRecompute64() => TokenModelSampler.Generate(_plain, _prompts64, Options(64));

    [Benchmark(OperationsPerInvoke = NewTokens, Description = "engine KV cache, batch 1")]
    public int[][] EngineKvCache1() => GptSampler.Generate(_engine, _prompts1, Options(1));

    [Benchmark(OperationsPerInvoke = 64 * NewTokens, Description = "engine KV cache, batch 64")]
    public int[][] EngineKvCache64() => GptSampler.Generate(_engine, _prompts64, Options(64));
}
