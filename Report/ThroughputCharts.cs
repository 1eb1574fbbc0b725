using System.Globalization;

namespace GraphNav.Report;

/// <summary>
/// Throughput history, one chart per machine: each imported benchmark's operations per second run
/// after run (BenchmarkDotNet's interval turned into operations per second), and the generated
/// tokens per second of <c>graphnav evaluate</c> runs.
/// </summary>
internal static class ThroughputCharts
{
    public static IEnumerable<Chart> All(ReportInputs inputs)
    {
        var machines = inputs.Benchmarks.Select(b => (b.MachineId, b.Machine))
            .Concat(inputs.Evaluations.Select(e => (e.MachineId, e.Machine))).Distinct().OrderBy(m => m.MachineId).ToList();
        if (machines.Count == 0)
        {
            yield return new Chart("throughput", "", "Throughput history", "", ChartKind.Line, "run", "operations per second", [],
                inputs.HistoryPath is null
                    ? "No history was read, so there is no throughput history (pass --history, or set GRAPHNAV_HISTORY)."
                    : $"No benchmark was imported into {inputs.HistoryPath} and no `graphnav evaluate` run was recorded: run the benchmarks, then `graphnav history import-bench BenchmarkDotNet.Artifacts/results/*-report-full.json`.",
                SourceRan: false);
            yield break;
        }
        foreach (var (machineId, machine) in machines)
        {
            var benchmarks = inputs.Benchmarks.Where(b => b.MachineId == machineId).ToList();
            if (benchmarks.Count > 0)
            {
                var runs = benchmarks.Select(b => b.RunId).Distinct().ToList();
                var series = benchmarks.GroupBy(b => b.Result.FullName).Select(g => new ChartSeries(Name(g.First().Result),
                    [.. g.Select(b => new ChartPoint(runs.IndexOf(b.RunId) + 1, string.Create(CultureInfo.InvariantCulture, $"run {b.RunId}, {b.Started:yyyy-MM-dd}"),
                        b.Result.OperationsPerSecond, 1e9 / b.Result.HighNanoseconds, 1e9 / b.Result.LowNanoseconds, b.Result.FullName))])).ToList();
                yield return new Chart($"throughput-{machineId}", "", $"Benchmark throughput history: {machine}",
                    $"Operations per second of each imported BenchmarkDotNet benchmark, run after run on this machine (x: the n-th imported run); whiskers: BenchmarkDotNet's 99.9% confidence interval of the mean time, inverted. Source: {inputs.HistoryPath}.",
                    ChartKind.Line, "imported benchmark run", "operations per second (log scale)", series, null, SourceRan: true, LogY: true);
            }
            var evaluations = inputs.Evaluations.Where(e => e.MachineId == machineId && double.IsFinite(e.TokensPerSecond)).ToList();
            if (evaluations.Count > 0)
            {
                var series = evaluations.GroupBy(e => e.Model).Select(g => new ChartSeries(g.Key,
                    [.. g.Select((e, i) => new ChartPoint(i + 1, string.Create(CultureInfo.InvariantCulture, $"run {e.RunId}, {e.Started:yyyy-MM-dd}"),
                        e.TokensPerSecond, double.NaN, double.NaN, $"evaluate:{e.RunId}"))])).ToList();
                yield return new Chart($"evaluate-throughput-{machineId}", "", $"graphnav evaluate throughput history: {machine}",
                    $"Generated tokens per second of wall time (generation and scoring) of each recorded `graphnav evaluate`, per model; one measurement per run, so no interval. Source: {inputs.HistoryPath}.",
                    ChartKind.Line, "evaluate run", "tokens per second", series, null, SourceRan: true);
            }
        }
    }

    private static string Name(History.BenchmarkResult b) =>
        string.IsNullOrEmpty(b.Parameters) ? $"{b.Type}.{b.Method}" : $"{b.Type}.{b.Method} ({b.Parameters})";
}
