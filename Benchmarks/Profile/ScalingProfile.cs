using System.Diagnostics;
using System.Globalization;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Benchmarks.Profile;

/// <summary>
/// The scaling mode of the benchmark program:
/// <c>dotnet run -c Release --project Benchmarks -- scaling [--model gpt-A|lego-paper|lego-n6] [--batch 64]
/// [--threads 2] [--steps 40] [--warmup 50]</c>. Two trainers of the same model, one on 1 thread and one on
/// <c>--threads</c>, run blocks of training steps in turn (1, N, N, 1, 1, N, …: each order equally often),
/// <c>--steps</c> blocks each, so a drift of the machine's speed over minutes — which on a shared VM moves
/// separate BenchmarkDotNet runs of the same code by ±10% — falls on both alike. Prints each thread
/// count's step time (minimum, quartiles) and the scaling: one-thread over N-thread time of the medians
/// and the quartiles of the ratio over adjacent block pairs.
/// </summary>
internal static class ScalingProfile
{
    /// <summary>A block lasts about this long, so that the timer and the switch cost nothing measurable.</summary>
    private const double BlockSeconds = 0.15;

    /// <summary>Runs the comparison; returns the process exit code (2 for bad arguments).</summary>
    public static int Run(string[] args)
    {
        if (ProfileOptions.ParseOrReport(args) is not { } options) return 2;
        string? refusal = options.Model == "gpt-A-generate" ? "scaling: --model gpt-A-generate is not a training step; use gpt-A, lego-paper or lego-n6."
            : options.Threads < 2 ? "scaling: --threads must be at least 2 (it is compared with 1)." : null;
        if (refusal is not null)
        {
            Console.Error.WriteLine($"error: {refusal}");
            return 2;
        }
        var (config, sequence, batches) = TrainingProfile.TrainingModel(options);
        Trainer Make(int threads) => new(new GptModel(config, seed: 0, options.Batch), new TrainingConfig
        {
            Steps = 1_000_000, BatchSize = options.Batch, SequenceLength = sequence, Threads = threads, WarmupSteps = 10,
        });
        var trainers = new[] { Make(1), Make(options.Threads) };
        var next = new int[2]; // each trainer walks the same batches
        double Block(int i, int steps)
        {
            long start = Stopwatch.GetTimestamp();
            for (int s = 0; s < steps; s++)
            {
                var (inputs, targets) = batches[next[i]++ % batches.Length];
                trainers[i].TrainStep(inputs, targets);
            }
            return Stopwatch.GetElapsedTime(start).TotalSeconds / steps;
        }

        Block(0, options.Warmup);
        Block(1, options.Warmup);
        int perBlock = Math.Max(1, (int)Math.Ceiling(BlockSeconds / Block(0, 1)));
        var times = new[] { new double[options.Steps], new double[options.Steps] };
        for (int b = 0; b < options.Steps; b++)
        {
            // 1, N | N, 1 | 1, N | …: neither thread count always runs first after a switch.
            int first = b % 2;
            times[first][b] = Block(first, perBlock);
            times[1 - first][b] = Block(1 - first, perBlock);
        }
        Print(options, config, sequence, perBlock, times);
        return 0;
    }

    private static void Print(ProfileOptions o, GptConfig config, int sequence, int perBlock, double[][] times)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"# Scaling: {o.Model} training (L {config.Layers}, C {config.Channels}, T {sequence}), batch {o.Batch}, 1 vs {o.Threads} threads, " +
            $"interleaved: {o.Steps} blocks of {perBlock} step(s) each, after {o.Warmup} warm-up steps each"));
        Console.WriteLine();
        Console.WriteLine("| threads | ms/step min | first quartile | median | third quartile | tokens/s at the median |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (int i = 0; i < 2; i++)
        {
            var sorted = times[i].Order().ToArray();
            double median = Quantile(sorted, 0.5);
            Console.WriteLine(string.Create(inv,
                $"| {(i == 0 ? 1 : o.Threads)} | {sorted[0] * 1e3:F2} | {Quantile(sorted, 0.25) * 1e3:F2} | {median * 1e3:F2} | " +
                $"{Quantile(sorted, 0.75) * 1e3:F2} | {o.Batch * sequence / median:F0} |"));
        }
        var ratios = times[0].Zip(times[1], (one, many) => one / many).Order().ToArray();
        double ofMedians = Quantile(times[0].Order().ToArray(), 0.5) / Quantile(times[1].Order().ToArray(), 0.5);
        Console.WriteLine();
        Console.WriteLine(string.Create(inv,
            $"Scaling (1-thread time / {o.Threads}-thread time): {ofMedians:F2}× of the medians; over the {ratios.Length} adjacent " +
            $"block pairs median {Quantile(ratios, 0.5):F2}×, quartiles [{Quantile(ratios, 0.25):F2}, {Quantile(ratios, 0.75):F2}]."));
    }

    /// <summary>Linear interpolation between the order statistics of <paramref name="sorted"/>.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        double at = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(at), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}
