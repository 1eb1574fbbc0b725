using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using GraphNav.Experiments.Lego;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using GraphNav.Tasks.Lego;
using GraphNav.Torch;
using static TorchSharp.torch;

namespace GraphNav.Benchmarks;

/// <summary>One case of <see cref="BackendTrainingBenchmarks"/>: model, batch and training backend.</summary>
/// <param name="Model">"gpt-A" (paper-A GPT, T 32) or "lego-paper" (PaperLegoModels' 4 × 128 encoder, n = 12, T 60).</param>
/// <param name="Batch">B: sequences per step.</param>
/// <param name="Backend">"engine" or "torch" (TorchSharp on the CPU).</param>
public sealed record BackendCase(string Model, int Batch, string Backend)
{
    /// <inheritdoc />
    public override string ToString() => $"{Model} B{Batch} {Backend}";
}

/// <summary>
/// Training throughput of the engine against TorchSharp (libtorch 2.10, CPU), both with 2 threads,
/// on the same model, initial weights, recipe and batches: one AdamW step per invocation, tokens =
/// B·T. The cases are ordered so the two backends alternate (engine, torch for each model and
/// batch), which spreads the load of a shared machine over both.
/// </summary>
[BenchmarkCategory("Training", "Torch")]
[Config(typeof(Columns))]
public class BackendTrainingBenchmarks
{
    private const int Threads = 2;
    private Trainer? _engine;
    private TorchGpt? _torchModel;
    private TorchTrainer? _torch;
    private (int[] Inputs, int[] Targets)[] _batches = [];
    private int _next;

    /// <summary>The cases, backend varying fastest.</summary>
    public static IEnumerable<BackendCase> Cases() =>
        from model in new[] { "gpt-A", "lego-paper" }
        from batch in new[] { 64, 256 }
        from backend in new[] { "engine", "torch" }
        select new BackendCase(model, batch, backend);

    /// <summary>The case measured.</summary>
    [ParamsSource(nameof(Cases))]
    public BackendCase Case { get; set; } = new("gpt-A", 64, "engine");

    [GlobalSetup]
    public void Setup()
    {
        var (config, sequence, batches) = Case.Model == "gpt-A" ? GptA(Case.Batch) : Lego(Case.Batch);
        _batches = batches;
        var training = new TrainingConfig
        {
            Steps = 1_000_000, BatchSize = Case.Batch, SequenceLength = sequence, Threads = Threads, WarmupSteps = 10,
        };
        var engine = new GptModel(config, seed: 0, Case.Batch);
        if (Case.Backend == "engine")
        {
            _engine = new Trainer(engine, training);
            return;
        }
        _torchModel = new TorchGpt(config, CPU);
        _torchModel.CopyFrom(engine.Parameters);
        _torch = new TorchTrainer(_torchModel, training);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torch?.Dispose();
        _torchModel?.Dispose();
    }

    /// <summary>One optimizer step.</summary>
    [Benchmark]
    public float Step()
    {
        var (inputs, targets) = _batches[_next++ % _batches.Length];
        return _engine is not null ? _engine.TrainStep(inputs, targets).Loss : _torch!.TrainStep(inputs, targets).Loss;
    }

    /// <summary>Tokens one invocation processes, for the tokens/s column.</summary>
    public static double TokensPerInvocation(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var c = (BackendCase)benchmarkCase.Parameters[nameof(Case)];
        return (double)c.Batch * (c.Model == "gpt-A" ? PaperModel.Context : LegoBenchmarkShape.ContextLength);
    }

    /// <summary>The paper-A GPT, its sequence length and 8 batches of B rows (also used by the profile mode).</summary>
    internal static (GptConfig, int, (int[], int[])[]) GptA(int batch) => (PaperModel.Config, PaperModel.Context, PaperModel.Batches(batch, 8));

    /// <summary>The benchmark LEGO encoder (<see cref="LegoBenchmarkShape"/>), its sequence length and 4 batches of B rows (also used by the profile mode).</summary>
    internal static (GptConfig, int, (int[], int[])[]) Lego(int batch) => Lego(batch, LegoBenchmarkShape.Plan(threads: 1));

    /// <summary>The encoder of <paramref name="plan"/> (its model config rebuilt for its task's
    /// context length), that length and 4 batches of B rows of its task.</summary>
    internal static (GptConfig, int, (int[], int[])[]) Lego(int batch, LegoTrainingPlan plan)
    {
        int t = plan.Task.ContextLength;
        var source = new LegoBatchSource(new LegoGenerator(plan.Task));
        var batches = new (int[], int[])[4];
        for (int i = 0; i < batches.Length; i++)
        {
            var inputs = new int[batch * t];
            var targets = new int[batch * t];
            source.Next(inputs, targets, batch, t);
            batches[i] = (inputs, targets);
        }
        return (plan.Model with { ContextLength = t, VocabSize = plan.Task.CreateTokens().VocabSize }, t, batches);
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(TokensPerSecondColumn.Instance);
    }
}
