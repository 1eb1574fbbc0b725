using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using GraphNav.Models.Training;

namespace GraphNav.Benchmarks;

/// <summary>
/// Training throughput of the paper-A GPT: one full AdamW step (forward, backward, clip, update) on
/// batches of the quick Bernoulli task, tokens = B·T per step as in the PyTorch reference.
/// Goals (issue #2, ratios measured side by side): ≥ 2× PyTorch at batch 64, ≥ 1.5× at batch 256.
/// </summary>
[BenchmarkCategory("Training")]
[Config(typeof(Columns))]
public class TrainingBenchmarks
{
    private Trainer? _trainer;
    private (int[] Inputs, int[] Targets)[] _batches = [];
    private int _next;

    /// <summary>B: sequences per step.</summary>
    [Params(64, 256)]
    public int Batch { get; set; }

    /// <summary>Engine threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var config = new TrainingConfig { Steps = 1_000_000, BatchSize = Batch, SequenceLength = PaperModel.Context, Threads = Threads, WarmupSteps = 10 };
        _trainer = Trainer.Create(PaperModel.Config, config);
        _batches = PaperModel.Batches(Batch, 8);
    }

    /// <summary>One optimizer step.</summary>
    [Benchmark]
    public float Step()
    {
        var (inputs, targets) = _batches[_next++ % _batches.Length];
        return _trainer!.TrainStep(inputs, targets).Loss;
    }

    /// <summary>Tokens one invocation processes, for the tokens/s column.</summary>
    public static double TokensPerInvocation(BenchmarkCase benchmarkCase) => TokensPerSecondColumn.Parameter(benchmarkCase, nameof(Batch)) * PaperModel.Context;

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(TokensPerSecondColumn.Instance);
            AddColumn(ThreadScalingColumn.Instance);
        }
    }
}
