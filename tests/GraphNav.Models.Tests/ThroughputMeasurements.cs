using System.Diagnostics;
using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;
using GraphNav.Models.Training;

namespace GraphNav.Models.Tests;

/// <summary>
/// Throughput of the paper-A GPT (V=106, T=32). Explicit: run on demand with
/// <c>dotnet test tests/GraphNav.Models.Tests --filter TestCategory=Performance</c>; the numbers
/// are printed, and the assertions only guard against a broken run (finite loss, tokens produced).
/// </summary>
[Explicit("Measurement, seconds long; run on demand."), Category("Performance")]
public class ThroughputMeasurements
{
    private sealed class RandomBatches(int vocab) : IBatchSource
    {
        private readonly SeededRandom _rng = new(1);

        public void Next(Span<int> inputs, Span<int> targets, int batch, int sequence)
        {
            for (int i = 0; i < inputs.Length; i++) inputs[i] = (int)(_rng.NextUInt64() % (ulong)vocab);
            for (int i = 0; i < targets.Length; i++) targets[i] = (int)(_rng.NextUInt64() % (ulong)vocab);
        }
    }

    [TestCase(64, 1)]
    [TestCase(64, 2)]
    [TestCase(256, 1)]
    [TestCase(256, 2)]
    public void Training_tokens_per_second(int batch, int threads)
    {
        var config = GptConfig.PaperA(106);
        const int warmup = 10, measured = 20; // warm-up lets the JIT reach its optimised tier
        var trainer = Trainer.Create(config, new TrainingConfig { Steps = warmup + measured, BatchSize = batch, Threads = threads });
        var source = new RandomBatches(106);
        var inputs = new int[batch * 32];
        var targets = new int[batch * 32];
        float loss = 0;
        var clock = new Stopwatch();
        TimeSpan cpuStart = default;
        for (int s = 0; s < warmup + measured; s++)
        {
            if (s == warmup)
            {
                clock.Start();
                cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            }
            source.Next(inputs, targets, batch, 32);
            loss = trainer.TrainStep(inputs, targets).Loss;
        }
        double tps = measured * batch * 32 / clock.Elapsed.TotalSeconds;
        // CPU time is less sensitive than wall time to other processes on a shared machine.
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        TestContext.Out.WriteLine($"train B={batch} threads={threads}: {tps:F0} tokens/s wall ({clock.Elapsed.TotalMilliseconds / measured:F1} ms/step), {measured * batch * 32 / cpu:F0} tokens per CPU-second");
        Assert.That(float.IsFinite(loss), Is.True);
    }

    /// <summary>Where a training step's time goes: forward (with loss), backward, and the rest (clip + AdamW).</summary>
    [TestCase(64, 1)]
    [TestCase(64, 2)]
    public void Training_step_phases(int batch, int threads)
    {
        var config = GptConfig.PaperA(106);
        var trainer = Trainer.Create(config, new TrainingConfig { Steps = 1000, BatchSize = batch, Threads = threads });
        var model = trainer.Model;
        var source = new RandomBatches(106);
        var inputs = new int[batch * 32];
        var targets = new int[batch * 32];
        source.Next(inputs, targets, batch, 32);
        for (int s = 0; s < 10; s++) trainer.TrainStep(inputs, targets);
        const int measured = 30;
        var forward = new Stopwatch();
        var backward = new Stopwatch();
        var step = new Stopwatch();
        for (int s = 0; s < measured; s++)
        {
            forward.Start();
            model.Forward(inputs, targets, batch, 32);
            forward.Stop();
            model.ZeroGrad();
            backward.Start();
            model.Backward();
            backward.Stop();
            step.Start();
            trainer.TrainStep(inputs, targets);
            step.Stop();
        }
        double f = forward.Elapsed.TotalMilliseconds / measured, b = backward.Elapsed.TotalMilliseconds / measured, t = step.Elapsed.TotalMilliseconds / measured;
        TestContext.Out.WriteLine($"B={batch} threads={threads}: step {t:F2} ms = forward {f:F2} + backward {b:F2} + rest {t - f - b:F2} ms");
        Assert.That(t, Is.GreaterThan(0));
    }

    [TestCase(1, true)]
    [TestCase(1, false)]
    [TestCase(64, true)]
    [TestCase(64, false)]
    public void Generation_tokens_per_second(int batch, bool kvCache)
    {
        var model = new GptModel(GptConfig.PaperA(106), seed: 0, maxBatch: batch);
        var prompts = Enumerable.Range(0, batch).Select(i => TestData.Ids(8, 106, (ulong)i)).ToList();
        var options = new SamplingOptions { Temperature = 1f, MaxNewTokens = 24, BatchSize = batch, UseKvCache = kvCache };
        GptSampler.Generate(model, prompts, options); // warm-up (JIT)
        for (int r = 0; r < (batch == 1 ? 100 : 5); r++) GptSampler.Generate(model, prompts, options); // JIT tiers
        int rounds = batch == 1 ? 200 : 5, tokens = 0;
        var clock = Stopwatch.StartNew();
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        for (int r = 0; r < rounds; r++) tokens += GptSampler.Generate(model, prompts, options).Sum(g => g.Length);
        double tps = tokens / clock.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        TestContext.Out.WriteLine($"generate B={batch} kv={kvCache}: {tps:F0} new tokens/s wall, {tokens / cpu:F0} per CPU-second");
        Assert.That(tokens, Is.EqualTo(rounds * batch * 24));
    }
}
