using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using GraphNav.Experiments.Lego;
using GraphNav.Models.Training;

namespace GraphNav.Benchmarks;

/// <summary>
/// Training throughput of the paper-scale LEGO encoder (PaperLegoModels: 4 × 128, 4 heads, n = 12,
/// T 60) with one and two engine threads, for its two-thread scaling (issue #16): one AdamW step per
/// invocation at the paper's batch of 128, tokens = B·T.
/// </summary>
[BenchmarkCategory("Training", "Lego")]
[Config(typeof(Columns))]
public class LegoTrainingBenchmarks
{
    private Trainer? _trainer;
    private (int[] Inputs, int[] Targets)[] _batches = [];
    private int _next;

    /// <summary>B: sequences per step (the paper plans train at 128).</summary>
    [Params(128)]
    public int Batch { get; set; }

    /// <summary>Engine threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (config, sequence, batches) = BackendTrainingBenchmarks.Lego(Batch);
        _batches = batches;
        var training = new TrainingConfig { Steps = 1_000_000, BatchSize = Batch, SequenceLength = sequence, Threads = Threads, WarmupSteps = 10 };
        _trainer = new Trainer(new Models.Gpt.GptModel(config, seed: 0, Batch), training);
    }

    /// <summary>One optimizer step.</summary>
    [Benchmark]
    public float Step()
    {
        var (inputs, targets) = _batches[_next++ % _batches.Length];
        return _trainer!.TrainStep(inputs, targets).Loss;
    }

    /// <summary>Tokens one invocation processes, for the tokens/s column.</summary>
    public static double TokensPerInvocation(BenchmarkCase benchmarkCase) =>
        TokensPerSecondColumn.Parameter(benchmarkCase, nameof(Batch)) * (double)LegoBenchmarkShape.ContextLength;

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(TokensPerSecondColumn.Instance);
            AddColumn(ThreadScalingColumn.Instance);
        }
    }
}
