using System.Diagnostics;
using System.Globalization;
using GraphNav.Models.Gpt;
using GraphNav.Models.Kernels;
using GraphNav.Models.Sampling;

namespace GraphNav.Benchmarks.Profile;

/// <summary>
/// Profile of the engine's KV-cache generation on the setup of <see cref="OnnxGenerationBenchmarks"/>
/// (paper-A GPT, random weights, prompts of 8 tokens grown greedily by 24): per kernel and per
/// thread, per generate call of <c>--batch</c> prompts.
/// </summary>
internal static class GenerationProfile
{
    private const int PromptLength = 8, NewTokens = 24;

    /// <summary>Runs the profile; returns the exit code.</summary>
    public static int Run(ProfileOptions o)
    {
        var model = new GptModel(GptConfig.PaperA(106), seed: 1, maxBatch: o.Batch) { Threads = o.Threads };
        var random = new SeededRandom(3);
        var prompts = Enumerable.Range(0, o.Batch)
            .Select(_ => Enumerable.Range(0, PromptLength).Select(_ => (int)(random.NextUInt64() % 106)).ToArray()).ToList();
        var options = new SamplingOptions { MaxNewTokens = NewTokens, BatchSize = o.Batch };
        for (int s = 0; s < o.Warmup; s++) GptSampler.Generate(model, prompts, options);
        KernelProfiler.Start();
        long start = Stopwatch.GetTimestamp();
        for (int s = 0; s < o.Steps; s++) GptSampler.Generate(model, prompts, options);
        long wall = Stopwatch.GetTimestamp() - start;
        var counters = KernelProfiler.Stop();

        var inv = CultureInfo.InvariantCulture;
        double callMs = wall * 1000.0 / Stopwatch.Frequency / o.Steps;
        double tokens = (double)o.Batch * NewTokens;
        Console.WriteLine($"# Profile: gpt-A KV-cache generation, batch {o.Batch}, {PromptLength} + {NewTokens} tokens, {o.Threads} thread(s), {o.Steps} calls after {o.Warmup} warm-up calls");
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Generate call {callMs:F3} ms, {callMs * 1000 / tokens:F3} µs per generated token ({tokens / (callMs / 1000) / 1000:F1}k tokens/s)."));
        Console.WriteLine(string.Create(inv, $"Parallel regions: {counters.Regions / (double)o.Steps:F0} per call, {100.0 * counters.RegionTicks / wall:F1}% of the time."));
        Console.WriteLine();
        TrainingProfile.PrintKernelsAndThreads(counters, wall, o.Steps, o.Threads);
        return 0;
    }
}
