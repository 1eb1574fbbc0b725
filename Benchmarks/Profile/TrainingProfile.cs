using System.Diagnostics;
using System.Globalization;
using GraphNav.Experiments.Lego;
using GraphNav.Models.Gpt;
using GraphNav.Models.Kernels;
using GraphNav.Models.Training;
using GraphNav.Tasks.Lego;

namespace GraphNav.Benchmarks.Profile;

/// <summary>
/// The profile mode of the benchmark program:
/// <c>dotnet run -c Release --project Benchmarks -- profile [--model gpt-A|lego-paper|lego-n6] [--batch 64]
/// [--threads 2] [--steps 30] [--warmup 5] [--embedding-ln on|off]</c>. Runs training steps of the model the throughput
/// benchmarks use (<see cref="BackendTrainingBenchmarks"/>) with <see cref="KernelProfiler"/> on and
/// prints, per step, where the time goes: per phase (forward, backward, gradient clip, AdamW), per
/// kernel (outermost calls on the calling thread), and per thread (busy in chunks of parallel regions
/// or, for the calling thread, anywhere outside waits; idle the rest), plus the serial time outside
/// parallel regions. Wall-clock numbers: on a shared machine they vary with the load.
/// </summary>
internal static class TrainingProfile
{
    private static readonly string[] Phases = ["forward", "backward", "gradient clip", "AdamW"];

    /// <summary>Runs the profile; returns the process exit code (2 for bad arguments).</summary>
    public static int Run(string[] args)
    {
        if (ProfileOptions.ParseOrReport(args) is not { } options) return 2;
        if (options.Model == "gpt-A-generate") return GenerationProfile.Run(options);
        var (config, sequence, batches) = TrainingModel(options);
        var training = new TrainingConfig
        {
            Steps = 1_000_000, BatchSize = options.Batch, SequenceLength = sequence, Threads = options.Threads, WarmupSteps = 10,
        };
        var trainer = new Trainer(new GptModel(config, seed: 0, options.Batch), training);
        for (int s = 0; s < options.Warmup; s++)
        {
            var (inputs, targets) = batches[s % batches.Length];
            trainer.TrainStep(inputs, targets);
        }

        var phaseTicks = new long[Phases.Length];
        var model = trainer.Model;
        KernelProfiler.Start();
        long start = Stopwatch.GetTimestamp();
        for (int s = 0; s < options.Steps; s++)
        {
            var (inputs, targets) = batches[s % batches.Length];
            long t0 = Stopwatch.GetTimestamp();
            model.Forward(inputs, targets, options.Batch, sequence);
            long t1 = Stopwatch.GetTimestamp();
            model.ZeroGrad();
            model.Backward();
            long t2 = Stopwatch.GetTimestamp();
            AdamW.ClipGradientNorm(model.Gradients.Data, training.GradClip);
            long t3 = Stopwatch.GetTimestamp();
            trainer.Optimizer.Step(model.Gradients, LearningRateSchedule.At(options.Warmup + s, training), training);
            long t4 = Stopwatch.GetTimestamp();
            phaseTicks[0] += t1 - t0;
            phaseTicks[1] += t2 - t1;
            phaseTicks[2] += t3 - t2;
            phaseTicks[3] += t4 - t3;
        }
        long wall = Stopwatch.GetTimestamp() - start;
        var counters = KernelProfiler.Stop();
        Print(options, config, sequence, wall, phaseTicks, counters);
        return 0;
    }

    /// <summary>The model, sequence length and batches of a training <paramref name="options"/>.Model,
    /// those of the throughput benchmarks (<see cref="BackendTrainingBenchmarks"/>).</summary>
    internal static (GptConfig Config, int Sequence, (int[] Inputs, int[] Targets)[] Batches) TrainingModel(ProfileOptions options)
    {
        var (config, sequence, batches) = options.Model switch
        {
            "gpt-A" => BackendTrainingBenchmarks.GptA(options.Batch),
            "lego-n6" => BackendTrainingBenchmarks.Lego(options.Batch, PaperLegoModels.Plan(seed: 0, threads: options.Threads)),
            _ => BackendTrainingBenchmarks.Lego(options.Batch),
        };
        if (options.EmbeddingLayerNorm && options.Model != "gpt-A") config = config with { EmbeddingLayerNorm = true };
        return (config, sequence, batches);
    }

    /// <summary>The per-kernel and per-thread tables of a profile of <paramref name="wall"/> ticks over
    /// <paramref name="steps"/> steps; returns the kernels' total ticks.</summary>
    internal static long PrintKernelsAndThreads(KernelProfileCounters k, long wall, double steps, int threads)
    {
        var inv = CultureInfo.InvariantCulture;
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency / steps;
        string Pct(long ticks) => (100.0 * ticks / wall).ToString("F1", inv);
        Console.WriteLine("| kernel | calls/step | ms/step | % of step |");
        Console.WriteLine("|---|---:|---:|---:|");
        long kernelTotal = 0;
        foreach (var kind in Enum.GetValues<KernelKind>().OrderByDescending(x => k.KernelTicks[(int)x]))
        {
            long t = k.KernelTicks[(int)kind];
            kernelTotal += t;
            if (k.KernelCalls[(int)kind] == 0) continue;
            Console.WriteLine(string.Create(inv, $"| {kind} | {k.KernelCalls[(int)kind] / steps:F0} | {Ms(t):F3} | {Pct(t)} |"));
        }
        Console.WriteLine(string.Create(inv, $"| (all kernels) | | {Ms(kernelTotal):F3} | {Pct(kernelTotal)} |"));
        Console.WriteLine();
        Console.WriteLine("| thread | busy ms/step | idle ms/step | idle % |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (int t = 0; t < Math.Min(threads, KernelProfiler.MaxSlots); t++)
        {
            long busy = t == 0 ? wall - k.CallerWaitTicks : k.ChunkTicks[t];
            string name = t == 0 ? "caller" : $"worker {t}";
            Console.WriteLine(string.Create(inv, $"| {name} | {Ms(busy):F3} | {Ms(wall - busy):F3} | {Pct(wall - busy)} |"));
        }
        return kernelTotal;
    }

    private static void Print(ProfileOptions o, GptConfig config, int sequence, long wall, long[] phaseTicks, KernelProfileCounters k)
    {
        var inv = CultureInfo.InvariantCulture;
        double steps = o.Steps;
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency / steps;
        double stepMs = Ms(wall);
        string Pct(long ticks) => (100.0 * ticks / wall).ToString("F1", inv);
        double tokens = (double)o.Batch * sequence;
        double tokensPerSecond = tokens / (stepMs / 1000);
        double flops = TrainingFlops.PerToken(config, sequence);

        string layerNorm = config.EmbeddingLayerNorm ? ", embedding LayerNorm" : "";
        Console.WriteLine($"# Profile: {o.Model}{layerNorm}, batch {o.Batch}, T {sequence}, {o.Threads} thread(s), {o.Steps} steps after {o.Warmup} warm-up steps");
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Step {stepMs:F2} ms, {tokensPerSecond / 1000:F1}k tokens/s; {flops / 1e6:F3} MFLOP/token (TrainingFlops) → {flops * tokensPerSecond / 1e9:F1} GFLOP/s."));
        Console.WriteLine(string.Create(inv, $"Parallel regions: {k.Regions / steps:F0} per step, {Ms(k.RegionTicks):F2} ms ({Pct(k.RegionTicks)}%); serial time outside them {Ms(wall - k.RegionTicks):F2} ms ({Pct(wall - k.RegionTicks)}%)."));
        Console.WriteLine();
        Console.WriteLine("| phase | ms/step | % of step |");
        Console.WriteLine("|---|---:|---:|");
        for (int p = 0; p < Phases.Length; p++)
            Console.WriteLine(string.Create(inv, $"| {Phases[p]} | {Ms(phaseTicks[p]):F3} | {Pct(phaseTicks[p])} |"));
        Console.WriteLine();
        long kernelTotal = PrintKernelsAndThreads(k, wall, steps, o.Threads);
        long optimizer = phaseTicks[2] + phaseTicks[3];
        long rest = wall - kernelTotal - optimizer;
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Outside the kernels: clip + AdamW {Ms(optimizer):F3} ms ({Pct(optimizer)}%), other (glue, checks, ZeroGrad) {Ms(rest):F3} ms ({Pct(rest)}%)."));
    }
}
