using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using GraphNav.Models.Kernels;

namespace GraphNav.Benchmarks;

/// <summary>
/// <see cref="Gemm"/> on the shapes the CPU transformer engine runs (paper model: C = 64,
/// MLP 4C = 256, QKV 3C = 192, vocabulary ≈ 106; B·T = 2048 rows, 8192 at batch 256), with an
/// extra GFLOP/s column (2·M·N·K / mean time) and the speed-up of 2 threads over 1 on each shape,
/// the ceiling for the two-thread scaling of training (issue #16). The LEGO rows are the paper-scale
/// encoder's shapes (C 128, B·T = 7680).
/// Shape reads "layout MxNxK": NT is a linear forward (out = inp·Wᵀ), NN the input gradient
/// (dinp = dout·W), TN the weight gradient (dW = doutᵀ·inp, K = rows of the batch).
/// Run: dotnet run -c Release --project Benchmarks -- --filter '*Gemm*' --job short
/// </summary>
[BenchmarkCategory("Gemm")]
[Config(typeof(GflopsConfig))]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private string _layout = "";
    private int _m, _n, _k;

    /// <summary>"layout MxNxK".</summary>
    [Params(
        "NT 2048x64x64", "NT 2048x192x64", "NT 2048x256x64", "NT 2048x106x64", "NT 2048x64x256",
        "NN 2048x64x64", "NN 2048x64x192", "NN 2048x64x256", "NN 2048x256x64",
        "TN 64x64x2048", "TN 192x64x2048", "TN 256x64x2048", "TN 64x256x2048",
        "NT 8192x192x64", "TN 192x64x8192",
        "NT 1x256x64", "NT 64x256x64", "NT 32x32x32",
        // The paper-scale LEGO encoder (C 128, 3C 384, 4C 512, B·T = 128 · 60 = 7680 rows).
        "NT 7680x384x128", "NT 7680x128x128", "NT 7680x512x128", "NT 7680x128x512",
        "NN 7680x128x384", "NN 7680x128x512", "NN 7680x512x128",
        "TN 384x128x7680", "TN 512x128x7680", "TN 128x512x7680")]
    public string Shape { get; set; } = "NT 2048x64x64";

    /// <summary>Upper bound on threads handed to Gemm.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_layout, _m, _n, _k) = ParseShape(Shape);
        var rng = new Random(12345);
        _a = RandomArray(rng, _m * _k);
        _b = RandomArray(rng, _n * _k);
        _c = new float[_m * _n];
    }

    /// <summary>One product, accumulating where the engine's backward does (NN, TN).</summary>
    [Benchmark]
    public void MatMul()
    {
        switch (_layout)
        {
            case "NT": Gemm.MatMulNT(_c, _a, _b, _m, _n, _k, accumulate: false, Threads); break;
            case "NN": Gemm.MatMulNN(_c, _a, _b, _m, _n, _k, accumulate: true, Threads); break;
            default: Gemm.MatMulTN(_c, _a, _b, _m, _n, _k, accumulate: true, Threads); break;
        }
    }

    /// <summary>"NT 2048x64x64" → ("NT", 2048, 64, 64).</summary>
    internal static (string Layout, int M, int N, int K) ParseShape(string shape)
    {
        var parts = shape.Split(' ', 'x');
        if (parts.Length != 4 || parts[0] is not ("NT" or "NN" or "TN"))
            throw new FormatException($"Gemm benchmark shape '{shape}' is not 'NT|NN|TN MxNxK'.");
        return (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    private static float[] RandomArray(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>Adds the GFLOP/s column.</summary>
    private sealed class GflopsConfig : ManualConfig
    {
        public GflopsConfig()
        {
            AddColumn(new GflopsColumn());
            AddColumn(ThreadScalingColumn.Instance);
        }
    }

    /// <summary>2·M·N·K floating-point operations over the mean time of one call.</summary>
    private sealed class GflopsColumn : IColumn
    {
        public string Id => nameof(GflopsColumn);
        public string ColumnName => "GFLOP/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Billions of floating-point operations per second: 2·M·N·K / Mean";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            if (stats is null || benchmarkCase.Parameters["Shape"] is not string shape) return "NA";
            var (_, m, n, k) = ParseShape(shape);
            return (2.0 * m * n * k / stats.Mean).ToString("F1", CultureInfo.InvariantCulture); // flop per ns = GFLOP/s
        }
    }
}
