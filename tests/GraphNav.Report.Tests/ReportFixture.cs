using GraphNav.Experiments.Results;
using GraphNav.History;

namespace GraphNav.Report.Tests;

/// <summary>
/// The report's inputs for the tests: the recorded quick-scale records under Data/, and a private
/// history holding three recorded BenchmarkDotNet reports of the same benchmarks (three runs, so the
/// throughput chart has a history).
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
        // Three recorded runs of the same benchmarks on the 2-core machine, minutes apart.
        foreach (var file in Directory.GetFiles(data, "bench-run*-report-full.json").Order(StringComparer.Ordinal))
        {
            var report = BenchmarkReport.Load(file);
            store.Append(RunContext.ThisProcess("benchmark", "n/a", "n/a", 0, Path.GetFileName(file)) with
            {
                RunKey = "benchmark-" + report.ContentHash,
                Started = report.Started ?? throw new InvalidDataException($"{file}: no time stamp in the title"),
            }, report, out _);
        }
        Inputs = new ReportInputs(records, data, store.Benchmarks(), store.Evaluations(), store.Path);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
