using GraphNav.Experiments.Results;
using GraphNav.History;

namespace GraphNav.Report.Tests;

/// <summary>
/// The report's inputs for the tests: the recorded quick-scale records under Data/, and a private
/// history holding the recorded BenchmarkDotNet report imported twice over (as two runs) so the
/// throughput chart has a history.
/// </summary>
internal sealed class ReportFixture : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("graphnav-report").FullName;

    public ReportInputs Inputs { get; }

    public ReportFixture()
    {
        var data = Path.Combine(TestContext.CurrentContext.TestDirectory, "Data");
        var records = Directory.GetFiles(data, "*-quick.json").Order(StringComparer.Ordinal)
            .Select(f => PhenomenonResult.FromJson(File.ReadAllText(f))).ToList();
        var historyPath = Path.Combine(Folder, "history.sqlite");
        using var store = HistoryStore.Open(historyPath);
        var report = BenchmarkReport.Load(Path.Combine(data, "GraphNav.Benchmarks.OnnxGenerationBenchmarks-report-full.json"));
        // A second run of the same benchmarks, 10% slower: a history needs two points to be one.
        var slower = report with
        {
            ContentHash = report.ContentHash + "-slower",
            Benchmarks = [.. report.Benchmarks.Select(b => b with { MeanNanoseconds = b.MeanNanoseconds * 1.1, LowNanoseconds = b.LowNanoseconds * 1.1, HighNanoseconds = b.HighNanoseconds * 1.1 })],
        };
        foreach (var (r, day) in new[] { (report, 1), (slower, 2) })
            store.Append(RunContext.ThisProcess("benchmark", "n/a", "n/a", 0, "OnnxGenerationBenchmarks-report-full.json") with
            {
                RunKey = "benchmark-" + r.ContentHash,
                Started = new DateTimeOffset(2026, 12, day, 0, 54, 0, TimeSpan.Zero),
            }, r, out _);
        Inputs = new ReportInputs(records, data, store.Benchmarks(), store.Evaluations(), store.Path);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
