namespace GraphNav.History.Tests;

/// <summary>Reading BenchmarkDotNet full JSON reports and importing them once.</summary>
public class BenchmarkReportTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-bench").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void A_report_gives_each_benchmark_with_statistics_and_its_interval()
    {
        var report = BenchmarkReport.Load(Write("r-report-full.json", Samples.BenchmarkJson()));
        Assert.That(report.Benchmarks, Has.Count.EqualTo(1), "the failed benchmark (no statistics) is left out");
        var b = report.Benchmarks[0];
        Assert.Multiple(() =>
        {
            Assert.That(b.Method, Is.EqualTo("OrtKvCache1"));
            Assert.That(b.Parameters, Is.EqualTo("Device=cpu"));
            Assert.That(b.MeanNanoseconds, Is.EqualTo(133382.29));
            Assert.That((b.LowNanoseconds, b.HighNanoseconds), Is.EqualTo((87035.09, 179729.48)));
            Assert.That(b.Samples, Is.EqualTo(8));
            Assert.That(b.AllocatedBytes, Is.EqualTo(1429));
            Assert.That(b.OperationsPerSecond, Is.EqualTo(1e9 / 133382.29).Within(1e-9));
            Assert.That(report.Started, Is.EqualTo(new DateTimeOffset(new DateTime(2026, 12, 6, 0, 54, 0, DateTimeKind.Local))), "from the title's time stamp");
        });
    }

    [Test]
    public void A_file_that_is_not_a_full_report_names_the_file_and_the_fix()
    {
        var path = Write("brief.json", """{ "Title": "x" }""");
        var e = Assert.Throws<InvalidDataException>(() => BenchmarkReport.Load(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("report-full.json"));
    }

    [Test]
    public void The_same_report_is_imported_once()
    {
        var report = BenchmarkReport.Load(Write("r-report-full.json", Samples.BenchmarkJson()));
        using var store = HistoryStore.Open(Path.Combine(_dir, "history.sqlite"));
        var run = Samples.Run("benchmark") with { RunKey = "benchmark-" + report.ContentHash };
        long first = store.Append(run, report, out bool addedFirst);
        long second = store.Append(run, report, out bool addedSecond);
        Assert.Multiple(() =>
        {
            Assert.That((addedFirst, addedSecond), Is.EqualTo((true, false)));
            Assert.That(second, Is.EqualTo(first));
            Assert.That(store.Benchmarks(), Has.Count.EqualTo(1));
            Assert.That(store.Benchmarks()[0].Result.MeanNanoseconds, Is.EqualTo(133382.29));
        });
    }
}
