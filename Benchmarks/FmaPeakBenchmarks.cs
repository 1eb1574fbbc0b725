using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace GraphNav.Benchmarks;

/// <summary>
/// The machine's fp32 multiply-add ceiling, measured rather than read off a data sheet: every thread
/// runs <see cref="Chains"/> independent fused multiply-add chains in registers (no memory traffic),
/// in the widest vectors the JIT accelerates (512-bit where AVX-512 is available, else 256-bit).
/// Enough chains are in flight to cover two FMA ports of latency 4–5 cycles, so the GFLOP/s column
/// is the peak the "% of FMA peak" of issue #16 divides by, on the machine the run was made on;
/// with 2 threads it is the two cores' peak (the "vs 1 thread" column shows whether they are two).
/// </summary>
[BenchmarkCategory("Peak")]
[Config(typeof(PeakConfig))]
public class FmaPeakBenchmarks
{
    /// <summary>Independent accumulators per thread (12 vectors + 2 operands fit AVX2's 16 registers).</summary>
    public const int Chains = 12;

    /// <summary>Loop trips per thread and call: Chains · lanes · 2 flops each.</summary>
    public const int Iterations = 1 << 21;

    /// <summary>Threads, each running the chains on its own.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>fp32 lanes of the vectors the chains use.</summary>
    public static int Lanes => Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count;

    /// <summary>Floating-point operations of one call with <paramref name="threads"/> threads (an FMA counts 2).</summary>
    public static double FlopsPerCall(int threads) => 2.0 * Chains * Lanes * Iterations * threads;

    /// <summary>All threads' chains; returns a sum so that the loops cannot be removed.</summary>
    [Benchmark]
    public float MultiplyAdd()
    {
        var sums = new float[Threads];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads },
            t => sums[t] = Vector512.IsHardwareAccelerated ? Run512(Iterations) : Run256(Iterations));
        return sums.Sum();
    }

    // The multiplier keeps every chain bounded (x ← 0.999999·x + 1e-6 tends to 1), so no value
    // turns into a denormal or an infinity that could slow the FMA units down.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Run256(int iterations)
    {
        var m = Vector256.Create(0.999999f);
        var a = Vector256.Create(1e-6f);
        Vector256<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, m, a); c1 = Vector256.FusedMultiplyAdd(c1, m, a);
            c2 = Vector256.FusedMultiplyAdd(c2, m, a); c3 = Vector256.FusedMultiplyAdd(c3, m, a);
            c4 = Vector256.FusedMultiplyAdd(c4, m, a); c5 = Vector256.FusedMultiplyAdd(c5, m, a);
            c6 = Vector256.FusedMultiplyAdd(c6, m, a); c7 = Vector256.FusedMultiplyAdd(c7, m, a);
            c8 = Vector256.FusedMultiplyAdd(c8, m, a); c9 = Vector256.FusedMultiplyAdd(c9, m, a);
            c10 = Vector256.FusedMultiplyAdd(c10, m, a); c11 = Vector256.FusedMultiplyAdd(c11, m, a);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Run512(int iterations)
    {
        var m = Vector512.Create(0.999999f);
        var a = Vector512.Create(1e-6f);
        Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a);
            c2 = Vector512.FusedMultiplyAdd(c2, m, a); c3 = Vector512.FusedMultiplyAdd(c3, m, a);
            c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a);
            c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a);
            c8 = Vector512.FusedMultiplyAdd(c8, m, a); c9 = Vector512.FusedMultiplyAdd(c9, m, a);
            c10 = Vector512.FusedMultiplyAdd(c10, m, a); c11 = Vector512.FusedMultiplyAdd(c11, m, a);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    /// <summary>Adds the GFLOP/s and thread-scaling columns.</summary>
    private sealed class PeakConfig : ManualConfig
    {
        public PeakConfig()
        {
            AddColumn(new PeakGflopsColumn());
            AddColumn(ThreadScalingColumn.Instance);
        }
    }

    /// <summary><see cref="FlopsPerCall"/> over the mean time of one call.</summary>
    private sealed class PeakGflopsColumn : IColumn
    {
        public string Id => nameof(PeakGflopsColumn);
        public string ColumnName => "peak GFLOP/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => $"Billions of fp32 operations per second: 2 · {Chains} chains · {Lanes} lanes · {Iterations} trips · threads / Mean";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            // In a joined run every benchmark shows this column: only the peak's own rows have a value.
            if (stats is null || benchmarkCase.Descriptor.Type != typeof(FmaPeakBenchmarks)
                || benchmarkCase.Parameters["Threads"] is not int threads) return "NA";
            return (FlopsPerCall(threads) / stats.Mean).ToString("F1", CultureInfo.InvariantCulture); // flop per ns = GFLOP/s
        }
    }
}
