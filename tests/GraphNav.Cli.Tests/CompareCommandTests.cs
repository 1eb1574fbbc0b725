using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;

namespace GraphNav.Cli.Tests;

/// <summary><c>graphnav compare</c>, <c>evaluate --phenomena</c>'s CI outputs and option errors, on records written here.</summary>
[NonParallelizable] // Console.Out/Error are process-wide
public class CompareCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-compare-test").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private string Folder(string name, double[] validity)
    {
        var folder = Path.Combine(_dir, name);
        var units = new UnitValues(0, [.. validity.Select((_, i) => $"{i}-{i + 7}")], validity);
        var estimate = Experiments.Statistics.Bootstrap.Estimate([units.Values], u => u.Average());
        new PhenomenonResult("A2", "diversity–accuracy trade-off", Scale.Quick, new Dictionary<string, string>(), [0],
            [new Measurement("heldout_validity_t0", "held-out validity at T=0", estimate.Mean, estimate.Low, estimate.High, [units])],
            "bar", Verdict.Pass, "every part of the bar holds", [], MachineInfo.Current, 1, "test", DateTimeOffset.UnixEpoch, 1).WriteTo(folder);
        return folder;
    }

    [Test]
    public void A_significant_regression_exits_1_and_every_output_names_it()
    {
        var baseline = Folder("base", [1, 1, 1, 1, 0, 1, 1, 1, 1, 1]);
        var candidate = Folder("cand", [0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
        string json = Path.Combine(_dir, "c.json"), junit = Path.Combine(_dir, "c.xml"), markdown = Path.Combine(_dir, "c.md");
        var (exit, output, error) = GraphnavProcess.Run("compare", "--baseline", baseline, "--candidate", candidate,
            "--json", json, "--junit", junit, "--markdown", markdown);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1), error);
            Assert.That(output, Does.Contain("1 significant regression").And.Contain("| A2 | held-out validity at T=0 | 0.9 | 0.2 | −0.7 ["));
            Assert.That(output, Does.StartWith(File.ReadAllText(markdown)));
            Assert.That(File.ReadAllText(json), Does.Contain("\"outcome\": \"Regression\"").And.Contain("\"method\": \"Paired\""));
            Assert.That(File.ReadAllText(junit), Does.Contain("<testcase classname=\"graphnav.compare.A2\" name=\"heldout_validity_t0\"").And.Contain("<failure"));
        });
    }

    [Test]
    public void No_regression_exits_0_and_a_loose_tolerance_override_clears_a_drop()
    {
        var baseline = Folder("base", [1, 1, 1, 1, 0, 1, 1, 1, 1, 1]);
        var candidate = Folder("cand", [0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
        var (same, sameOut, _) = GraphnavProcess.Run("compare", "--baseline", baseline, "--candidate", baseline);
        var (loose, _, _) = GraphnavProcess.Run("compare", "--baseline", baseline, "--candidate", candidate, "--tolerance", "heldout_validity_t0=1");
        Assert.Multiple(() =>
        {
            Assert.That(same, Is.Zero);
            Assert.That(sameOut, Does.Contain("no significant regression"));
            Assert.That(loose, Is.Zero);
        });
    }

    [TestCase("compare --baseline NOWHERE --candidate NOWHERE", "NOWHERE")]
    [TestCase("compare --baseline . --candidate . --tolerance x", "--tolerance 'x'")]
    [TestCase("evaluate --phenomena --shard 3/2", "--shard '3/2'")]
    [TestCase("evaluate --phenomena --only Z9", "Unknown phenomenon 'Z9'")]
    [TestCase("evaluate --junit out.xml", "--junit needs --phenomena")]
    [TestCase("evaluate --phenomena --seeds 0,0", "names a seed twice")]
    public void Bad_options_are_refused_in_one_line(string command, string expected)
    {
        var (exit, _, error) = GraphnavProcess.Run(command.Split(' '));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(error, Does.Contain(expected));
        });
    }

    [Test]
    public void Check_reports_a_missing_model_as_an_msbuild_error_on_the_file()
    {
        var (exit, output, _) = GraphnavProcess.Run("check", "missing.onnx", "--phenomena", "A2");
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Does.StartWith("missing.onnx : error GN0000: graphnav check could not run: no model file 'missing.onnx'."));
        });
    }
}
