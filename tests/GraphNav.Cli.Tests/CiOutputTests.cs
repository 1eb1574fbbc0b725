using System.Text.Json.Nodes;
using GraphNav.Cli.Reports;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;

namespace GraphNav.Cli.Tests;

/// <summary>The CI-facing shapes: JUnit XML of phenomenon results and the benchmark-action JSON.</summary>
public class CiOutputTests
{
    private static PhenomenonResult Result(string id, Verdict verdict, params Measurement[] measurements) => new(
        id, "title " + id, Scale.Quick, new Dictionary<string, string>(), [0], measurements, "bar", verdict, "reason " + id,
        [], MachineInfo.Current, 2, "test", DateTimeOffset.UnixEpoch, 12.5);

    [Test]
    public void JUnit_has_one_case_per_phenomenon_fail_as_failure_inconclusive_as_skipped()
    {
        var xml = JUnitXml.FromResults([Result("A1", Verdict.Pass), Result("A2", Verdict.Fail), Result("A3", Verdict.Inconclusive)], "suite").ToString();
        Assert.Multiple(() =>
        {
            Assert.That(xml, Does.Contain("<testsuite name=\"suite\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""));
            Assert.That(xml, Does.Contain("<failure message=\"reason A2\">"));
            Assert.That(xml, Does.Contain("<skipped message=\"reason A3\" />"));
        });
    }

    [Test]
    public void Benchmark_json_has_the_custom_bigger_and_smaller_is_better_shape()
    {
        var results = new[]
        {
            Result("A2", Verdict.Pass, new Measurement("heldout_validity_t0", "validity", 0.99, 0.98, 1.0), new Measurement("peak_temperature", "T*", 0.75, double.NaN, double.NaN)),
        };
        var bigger = BenchmarkJson.BiggerIsBetter(results);
        var smaller = BenchmarkJson.SmallerIsBetter(results);
        var path = Path.GetTempFileName();
        try
        {
            BenchmarkJson.Write(bigger, path);
            var entry = JsonNode.Parse(File.ReadAllText(path))!.AsArray().Single()!;
            Assert.Multiple(() =>
            {
                Assert.That(entry["name"]!.GetValue<string>(), Is.EqualTo("A2 heldout_validity_t0"));
                Assert.That(entry["value"]!.GetValue<double>(), Is.EqualTo(0.99));
                Assert.That(entry["range"]!.GetValue<string>(), Is.EqualTo("[0.98, 1]"));
                Assert.That(entry["unit"], Is.Not.Null);
                Assert.That(smaller.Select(e => (e.Name, e.Unit, e.Value)), Is.EqualTo(new[] { ("A2 wall time", "s", 12.5) }));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }
}
