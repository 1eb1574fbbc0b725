using System.Diagnostics;
using GraphNav.Models.Kernels;

namespace GraphNav.Models.Tests;

/// <summary>
/// Quick GFLOP/s readings of <see cref="Gemm"/> on the engine's shapes (a Stopwatch loop, much
/// faster to run than the BenchmarkDotNet suite in Benchmarks/GemmBenchmarks.cs). Explicit: it
/// measures, it does not judge, and timings on a shared machine are noisy.
/// Run: dotnet test tests/GraphNav.Models.Tests --filter FullyQualifiedName~GemmSpeed
///      --logger "console;verbosity=detailed"
/// </summary>
[Explicit("Measurement, not a check; prints GFLOP/s.")]
public class GemmSpeedTests
{
    [TestCase("NT", 2048, 64, 64, 1)]
    [TestCase("NT", 2048, 192, 64, 1)]
    [TestCase("NT", 2048, 256, 64, 1)]
    [TestCase("NT", 2048, 106, 64, 1)]
    [TestCase("NT", 2048, 64, 256, 1)]
    [TestCase("NN", 2048, 64, 64, 1)]
    [TestCase("NN", 2048, 64, 192, 1)]
    [TestCase("NN", 2048, 64, 256, 1)]
    [TestCase("NN", 2048, 256, 64, 1)]
    [TestCase("TN", 64, 64, 2048, 1)]
    [TestCase("TN", 192, 64, 2048, 1)]
    [TestCase("TN", 256, 64, 2048, 1)]
    [TestCase("TN", 64, 256, 2048, 1)]
    [TestCase("TN", 106, 64, 2048, 1)]
    [TestCase("NT", 2048, 64, 64, 2)]
    [TestCase("NN", 2048, 64, 64, 2)]
    [TestCase("TN", 64, 64, 2048, 2)]
    [TestCase("NT", 2048, 256, 64, 2)]
    [TestCase("NT", 8192, 192, 64, 1)]
    [TestCase("NT", 8192, 192, 64, 2)]
    [TestCase("TN", 192, 64, 8192, 2)]
    [TestCase("NT", 1, 256, 64, 1)]
    [TestCase("NT", 8, 256, 64, 1)]
    [TestCase("NT", 64, 256, 64, 1)]
    [TestCase("NN", 1, 256, 64, 1)]
    [TestCase("NT", 32, 32, 32, 1)]
    [TestCase("NN", 32, 32, 32, 1)]
    [TestCase("NT", 2048, 256, 64, 1, "Avx2")]
    [TestCase("NN", 2048, 64, 256, 1, "Avx2")]
    [TestCase("NT", 2048, 256, 64, 1, "Vector128")]
    public void Measure(string layoutName, int m, int n, int k, int threads, string isaName = "")
    {
        var layout = Enum.Parse<GemmLayout>(layoutName);
        var isa = isaName.Length == 0 ? GemmIsaDetection.Best : Enum.Parse<GemmIsa>(isaName);
        var rng = new Random(1);
        var a = new float[m * k];
        var b = new float[n * k];
        var c = new float[m * n];
        foreach (var x in new[] { a, b })
            for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble();
        int lda = layout == GemmLayout.TN ? m : k, ldb = layout == GemmLayout.NT ? k : n;

        void Once() => Gemm.MatMul(layout, c, n, a, lda, b, ldb, m, n, k, false, threads, isa);
        Once();
        int reps = 1;
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < 50) { Once(); reps++; }
        // Batches of ~10 ms; the best batch is the one least disturbed by other processes.
        int perBatch = Math.Max(1, (int)(reps * 10.0 / Math.Max(1, sw.ElapsedMilliseconds)));
        double best = double.MaxValue;
        for (int batch = 0; batch < 30; batch++)
        {
            sw.Restart();
            for (int r = 0; r < perBatch; r++) Once();
            best = Math.Min(best, sw.Elapsed.TotalSeconds / perBatch);
        }

        double gflops = 2.0 * m * n * k / best / 1e9;
        TestContext.Out.WriteLine(
            $"{layout} M={m} N={n} K={k} threads={threads} {isa}: {best * 1e6:F1} µs, {gflops:F1} GFLOP/s");
        Assert.That(gflops, Is.GreaterThan(0));
    }
}
