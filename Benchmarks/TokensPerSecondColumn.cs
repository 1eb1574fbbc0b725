using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace GraphNav.Benchmarks;

/// <summary>
/// Tokens per second = tokens one invocation processes / mean time: the unit the PyTorch reference
/// reports, so the two can be compared as ratios. A benchmark class opts in with a public static
/// <c>double TokensPerInvocation(BenchmarkCase)</c>. One column serves every class: BenchmarkDotNet
/// keeps a single column per Id in a joined summary, so the count must come from the row's own type.
/// </summary>
internal sealed class TokensPerSecondColumn : IColumn
{
    public static readonly TokensPerSecondColumn Instance = new();

    public string Id => nameof(TokensPerSecondColumn);
    public string ColumnName => "tokens/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Tokens processed per second: tokens per invocation / Mean";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        var counter = benchmarkCase.Descriptor.Type.GetMethod("TokensPerInvocation", [typeof(BenchmarkCase)]);
        if (stats is null || counter is null) return "NA";
        double tokens = (double)counter.Invoke(null, [benchmarkCase])!;
        return (tokens / (stats.Mean * 1e-9)).ToString("N0", CultureInfo.InvariantCulture);
    }

    /// <summary>Integer parameter <paramref name="name"/> of a case.</summary>
    public static int Parameter(BenchmarkCase benchmarkCase, string name) =>
        Convert.ToInt32(benchmarkCase.Parameters[name], CultureInfo.InvariantCulture);
}
