using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Phenomena;
using GraphNav.Models.Gpt;

namespace GraphNav.Benchmarks;

/// <summary>
/// B5's timed side (docs/PHENOMENA.md §3 B5; the counted side is Experiments' B5QueryKeyWork): one
/// forward + backward of the benchmark LEGO encoder (LegoBenchmarkShape: 4 × 128, 4 heads, n = 12,
/// T 60) against the same encoder with B5's hard-coded heads (2 of 4 per layer skip q·kᵀ), same
/// initial seed and batches, at initialisation (the work does not depend on the weights). The vanilla
/// case is the baseline, so BenchmarkDotNet's Ratio column is module time / vanilla time; the saving
/// in time is below k/h because q·kᵀ is only part of a step (the linear layers dominate at C 128, T 60).
/// </summary>
[BenchmarkCategory("Lego", "B5")]
[Config(typeof(Columns))]
public class B5AttentionModuleBenchmarks
{
    private GptModel? _vanilla, _module;
    private (int[] Inputs, int[] Targets)[] _batches = [];
    private int _next, _sequence;

    /// <summary>B: sentences per forward + backward (the paper plans train at 128).</summary>
    [Params(128)]
    public int Batch { get; set; }

    /// <summary>Engine threads.</summary>
    [Params(1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (config, sequence, batches) = BackendTrainingBenchmarks.Lego(Batch);
        (_sequence, _batches) = (sequence, batches);
        _vanilla = new GptModel(config, seed: 0, Batch) { Threads = Threads };
        _module = new GptModel(config with { FixedHeads = B5Spec.HardCodedHeads }, seed: 0, Batch) { Threads = Threads };
    }

    /// <summary>Forward with targets and backward of the vanilla encoder (gradients accumulate; their
    /// values do not change the work).</summary>
    [Benchmark(Baseline = true)]
    public float Vanilla() => ForwardBackward(_vanilla!);

    /// <summary>The same for the encoder with hard-coded heads 0 and 1 in every layer.</summary>
    [Benchmark]
    public float HardCodedHeads() => ForwardBackward(_module!);

    private float ForwardBackward(GptModel model)
    {
        var (inputs, targets) = _batches[_next++ % _batches.Length];
        float loss = model.Forward(inputs, targets, Batch, _sequence);
        model.Backward();
        return loss;
    }

    /// <summary>Tokens one invocation processes, for the tokens/s column.</summary>
    public static double TokensPerInvocation(BenchmarkCase benchmarkCase) =>
        TokensPerSecondColumn.Parameter(benchmarkCase, nameof(Batch)) * (double)LegoBenchmarkShape.ContextLength;

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(TokensPerSecondColumn.Instance);
    }
}
