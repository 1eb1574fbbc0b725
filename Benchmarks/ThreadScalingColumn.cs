using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace GraphNav.Benchmarks;

/// <summary>
/// Thread scaling: the mean time of the same case with <c>Threads</c> = 1 divided by this case's
/// mean (1.00 for the one-thread row; "NA" when the run has no one-thread twin). Both rows come
/// from the same BenchmarkDotNet run, so the ratio is measured side by side.
/// </summary>
internal sealed class ThreadScalingColumn : IColumn
{
    public static readonly ThreadScalingColumn Instance = new();

    public string Id => nameof(ThreadScalingColumn);
    public string ColumnName => "vs 1 thread";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Speed-up over the same case with Threads = 1: Mean(1 thread) / Mean";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null || benchmarkCase.Parameters.Items.All(p => p.Name != "Threads")) return "NA";
        var twin = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type
            && c.Parameters.Items.All(p => p.Name == "Threads"
                ? Convert.ToInt32(p.Value, CultureInfo.InvariantCulture) == 1
                : Equals(p.Value, benchmarkCase.Parameters[p.Name])));
        var one = twin is null ? null : summary[twin]?.ResultStatistics;
        return one is null ? "NA" : (one.Mean / stats.Mean).ToString("F2", CultureInfo.InvariantCulture);
    }
}
