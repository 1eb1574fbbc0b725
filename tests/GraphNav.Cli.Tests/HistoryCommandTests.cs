using System.Diagnostics;
using System.Globalization;
using GraphNav.History;

namespace GraphNav.Cli.Tests;

/// <summary><c>graphnav history</c> and <c>graphnav history import-bench</c>, in-process and as two concurrent processes.</summary>
[NonParallelizable] // Console.Out/Error are process-wide
public class HistoryCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-history-cli").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    /// <summary>A BenchmarkDotNet full report with one benchmark (distinct content per <paramref name="meanNs"/>).</summary>
    private string Report(string name, double meanNs)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, $$"""
            { "Title": "T", "HostEnvironmentInfo": { "LogicalCoreCount": {{Environment.ProcessorCount}} },
              "Benchmarks": [ { "Type": "GemmBenchmarks", "Method": "Gemm", "Parameters": "",
                "FullName": "GraphNav.Benchmarks.GemmBenchmarks.Gemm",
                "Statistics": { "N": 10, "Mean": {{meanNs.ToString(CultureInfo.InvariantCulture)}}, "ConfidenceInterval": { "Lower": 1, "Upper": 2 } } } ] }
            """);
        return path;
    }

    [Test]
    public void Import_bench_then_history_lists_the_run_per_machine()
    {
        var history = Path.Combine(_dir, "h.sqlite");
        var report = Report("a-report-full.json", 1000);
        var (exit, output, error) = GraphnavProcess.Run("history", "import-bench", report, "--history", history);
        Assert.That(exit, Is.Zero, error);
        var (again, againOutput, _) = GraphnavProcess.Run("history", "import-bench", report, "--history", history);
        var (listed, list, listError) = GraphnavProcess.Run("history", "--history", history);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("1 benchmark from a-report-full.json"));
            Assert.That(again, Is.Zero);
            Assert.That(againOutput, Does.Contain("imported before"));
            Assert.That(listed, Is.Zero, listError);
            Assert.That(list, Does.Contain("1 run").And.Contain($"{Environment.ProcessorCount} cores").And.Contain("benchmark"));
        });
    }

    [Test]
    public void Report_html_draws_the_records_figures_and_the_imported_throughput()
    {
        var history = Path.Combine(_dir, "h.sqlite");
        Assert.That(GraphnavProcess.Run("history", "import-bench", Report("a-report-full.json", 1000), "--history", history).Exit, Is.Zero);
        var results = Path.Combine(_dir, "records");
        var record = new Experiments.Results.PhenomenonResult("A2", "diversity–accuracy trade-off", Experiments.Phenomena.Scale.Quick,
            new Dictionary<string, string>(), [0], [new("accuracy_at_t_0.50", "accuracy at T=0.50", 0.99, 0.98, 1.0), new("accuracy_at_t_1.00", "accuracy at T=1.00", 0.8, 0.75, 0.85)],
            "bar", Experiments.Results.Verdict.Pass, "holds", [], Experiments.Results.MachineInfo.Current, 1, "graphnav-engine/3", DateTimeOffset.UtcNow, 1);
        record.WriteTo(results);
        var page = Path.Combine(_dir, "report.html");
        var (exit, output, error) = GraphnavProcess.Run("report", "--html", page, "--results", results, "--history", history);
        Assert.That(exit, Is.Zero, error);
        var html = File.ReadAllText(page);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("wrote").And.Contain("1 record"));
            Assert.That(html, Does.Contain("data-chart=\"a2-accuracy\" data-phenomenon=\"A2\" data-state=\"drawn\""));
            Assert.That(html, Does.Contain("data-key=\"accuracy_at_t_1.00\" data-x=\"1.00\" data-mean=\"0.8\" data-low=\"0.75\" data-high=\"0.85\""));
            Assert.That(html, Does.Contain("data-chart=\"a4-training\" data-phenomenon=\"A4\" data-state=\"absent\" data-source-ran=\"false\""));
            Assert.That(html, Does.Match("data-chart=\"throughput-[0-9]+\" data-phenomenon=\"\" data-state=\"drawn\""));
        });
    }

    [Test]
    public void Report_html_with_a_missing_history_file_names_it()
    {
        var missing = Path.Combine(_dir, "none.sqlite");
        var (exit, _, error) = GraphnavProcess.Run("report", "--html", Path.Combine(_dir, "r.html"), "--history", missing);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(CliErrors.UserError));
            Assert.That(error, Does.Contain(missing));
            Assert.That(File.Exists(missing), Is.False, "reading a report never creates a history");
        });
    }

    [Test]
    public void A_damaged_history_is_a_one_line_error_and_stays_as_it_was()
    {
        var history = Path.Combine(_dir, "h.sqlite");
        File.WriteAllText(history, new string('x', 300));
        var (exit, _, error) = GraphnavProcess.Run("history", "--history", history);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(CliErrors.UserError));
            Assert.That(error.Trim(), Does.StartWith("graphnav: error: history").And.Contain(history).And.Not.Contain("\n"));
            Assert.That(File.ReadAllText(history), Is.EqualTo(new string('x', 300)));
        });
    }

    [Test]
    public void Two_processes_import_at_the_same_time_and_every_run_arrives()
    {
        const int perProcess = 15;
        var history = Path.Combine(_dir, "h.sqlite");
        var graphnav = typeof(Program).Assembly.Location;
        Process Start(int first)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { graphnav, "history", "import-bench" }) start.ArgumentList.Add(a);
            for (int i = first; i < first + perProcess; i++) start.ArgumentList.Add(Report($"r{i}-report-full.json", 1000 + i));
            start.ArgumentList.Add("--history");
            start.ArgumentList.Add(history);
            return Process.Start(start)!;
        }
        // Both processes create the (missing) file and migrate it, then append one transaction per report.
        using var a = Start(0);
        using var b = Start(perProcess);
        var outputs = new[] { a, b }.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Error: p.StandardError.ReadToEndAsync())).ToArray();
        Assert.That(a.WaitForExit(120_000) && b.WaitForExit(120_000), Is.True, "importers did not finish in 2 minutes");
        using var store = HistoryStore.Open(history);
        Assert.Multiple(() =>
        {
            Assert.That(a.ExitCode, Is.Zero, outputs[0].Error.Result);
            Assert.That(b.ExitCode, Is.Zero, outputs[1].Error.Result);
            Assert.That(store.Runs(), Has.Count.EqualTo(2 * perProcess));
            Assert.That(store.Benchmarks().Select(x => x.Result.MeanNanoseconds).Order(),
                Is.EqualTo(Enumerable.Range(0, 2 * perProcess).Select(i => 1000.0 + i)));
        });
    }
}
