using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;

namespace GraphNav.Benchmarks;

/// <summary>
/// Generation throughput of the paper-A GPT: B prompts of 3 tokens continued to the full context
/// (29 new tokens each, no stop token), greedy or T=1, with or without the KV cache, on 2 threads.
/// Tokens = B·29 new tokens per invocation, as in the PyTorch reference.
/// Goals (issue #2, ratios measured side by side): with KV cache ≥ 10× PyTorch at batch 1, ≥ 3× at 64.
/// </summary>
[BenchmarkCategory("Generation")]
[Config(typeof(Columns))]
public class GenerationBenchmarks
{
    private const int NewTokens = PaperModel.Context - PaperModel.PromptLength;
    private GptModel? _model;
    private int[][] _prompts = [];
    private SamplingOptions _options = new();

    /// <summary>Prompts generated together.</summary>
    [Params(1, 64, 1024)]
    public int Batch { get; set; }

    /// <summary>0 = greedy.</summary>
    [Params(0f, 1f)]
    public float Temperature { get; set; }

    /// <summary>Incremental decoding with the KV cache, or a full forward per new token.</summary>
    [Params(true, false)]
    public bool KvCache { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = new GptModel(PaperModel.Config, seed: 0, maxBatch: Batch) { Threads = 2 };
        _prompts = PaperModel.Prompts(Batch);
        _options = new SamplingOptions { Temperature = Temperature, MaxNewTokens = NewTokens, BatchSize = Batch, UseKvCache = KvCache, Seed = 1 };
    }

    /// <summary>Continues every prompt to the full context.</summary>
    [Benchmark]
    public int Generate() => GptSampler.Generate(_model!, _prompts, _options).Length;

    /// <summary>Tokens one invocation processes, for the tokens/s column.</summary>
    public static double TokensPerInvocation(BenchmarkCase benchmarkCase) => TokensPerSecondColumn.Parameter(benchmarkCase, nameof(Batch)) * (double)NewTokens;

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(TokensPerSecondColumn.Instance);
    }
}
