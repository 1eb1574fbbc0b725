using System.Diagnostics;

namespace GraphNav.Cli.Tests;

/// <summary>
/// Issue #19's gate, end to end: a copy of the sample consumer project (tests/GraphNav.Build.Sample,
/// importing build/GraphNav.props and build/GraphNav.targets) is built with `dotnet build` in a child
/// process — first against the reference model exported to ONNX (the build passes and leaves A2's record,
/// which becomes the baseline; built again it skips the unchanged check), then against a model trained
/// 50 steps (the build fails with GN0001 naming A2 and the file, and GN0002 for regressions against the
/// baseline) — and <c>graphnav compare</c> flags the degraded records against the reference's.
/// </summary>
[NonParallelizable] // Console.Out/Error are process-wide (in-process graphnav runs)
public class BuildGateTests
{
    private string _dir = "";
    private string _reference = "", _degraded = "";
    private (int Exit, string Output) _referenceBuild, _referenceRebuild, _degradedBuild;
    private string _referenceRecords = "", _degradedRecords = "";

    [OneTimeSetUp]
    public void BuildTheSampleAgainstBothModels()
    {
        _dir = Directory.CreateTempSubdirectory("graphnav-build-gate").FullName;
        var root = RepositoryRoot();
        var cli = CliDll(root);
        _reference = Path.Combine(_dir, "reference.onnx");
        _degraded = Path.Combine(_dir, "degraded.onnx");
        var checkpoint = Path.Combine(_dir, "degraded.safetensors");
        Expect(GraphnavProcess.Run("export", "--reference", "--out", _reference, "--kv-cache"));
        Expect(GraphnavProcess.Run("train", "--steps", "50", "--out", checkpoint));
        Expect(GraphnavProcess.Run("export", "--checkpoint", checkpoint, "--out", _degraded, "--kv-cache"));

        var sample = Path.Combine(_dir, "sample");
        Directory.CreateDirectory(sample);
        foreach (var file in Directory.GetFiles(Path.Combine(root, "tests", "GraphNav.Build.Sample")))
            File.Copy(file, Path.Combine(sample, Path.GetFileName(file)));
        string buildDir = Path.Combine(root, "build") + Path.DirectorySeparatorChar;
        string[] common = [$"-p:GraphNavBuildDir={buildDir}", $"-p:GraphNavCli={cli}"];

        _referenceBuild = Build(sample, [.. common, $"-p:SampleModel={_reference}"]);
        _referenceRecords = Path.Combine(sample, "obj", "graphnav", "reference.onnx", "records");
        _referenceRebuild = Build(sample, [.. common, $"-p:SampleModel={_reference}"]);
        _degradedBuild = Build(sample, [.. common, $"-p:SampleModel={_degraded}", $"-p:SampleBaseline={_referenceRecords}"]);
        _degradedRecords = Path.Combine(sample, "obj", "graphnav", "degraded.onnx", "records");
    }

    [OneTimeTearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void The_reference_model_passes_the_build_and_an_unchanged_model_is_not_checked_again()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_referenceBuild.Exit, Is.Zero, _referenceBuild.Output);
            Assert.That(_referenceBuild.Output, Does.Contain("A2 diversity–accuracy trade-off passed on"));
            Assert.That(Directory.GetFiles(_referenceRecords, "A2-*.json"), Has.Length.EqualTo(1));
            Assert.That(_referenceRebuild.Exit, Is.Zero, _referenceRebuild.Output);
            Assert.That(_referenceRebuild.Output, Does.Not.Contain("graphnav check"), "the second build re-ran the check of an unchanged model");
        });
    }

    [Test]
    public void The_degraded_model_fails_the_build_with_errors_naming_the_phenomenon_and_the_file()
    {
        var lines = _degradedBuild.Output.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(_degradedBuild.Exit, Is.Not.Zero);
            Assert.That(lines.Any(l => l.Contains(_degraded + " : error GN0001: A2 diversity–accuracy trade-off failed", StringComparison.Ordinal)),
                _degradedBuild.Output);
            Assert.That(lines.Any(l => l.Contains(_degraded + " : error GN0002: A2 held-out validity at T=0", StringComparison.Ordinal)
                && l.Contains("paired over", StringComparison.Ordinal)), _degradedBuild.Output);
            Assert.That(File.Exists(Path.Combine(_dir, "sample", "obj", "graphnav", "degraded.onnx", "passed.stamp")), Is.False);
        });
    }

    [Test]
    public void Compare_flags_the_degraded_model_against_the_reference_with_its_interval()
    {
        var json = Path.Combine(_dir, "compare.json");
        var junit = Path.Combine(_dir, "compare.xml");
        var (exit, output, error) = GraphnavProcess.Run("compare", "--baseline", _referenceRecords, "--candidate", _degradedRecords, "--json", json, "--junit", junit);
        var report = Experiments.Comparison.ComparisonJson.Read(File.ReadAllText(json));
        var validity = report.Phenomena.Single().Measurements.Single(m => m.Key == "heldout_validity_t0");
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1), error);
            Assert.That(output, Does.Contain("significant regression"));
            Assert.That(validity.Outcome, Is.EqualTo(Experiments.Comparison.ComparisonOutcome.Regression));
            Assert.That(validity.Method, Is.EqualTo(Experiments.Comparison.ComparisonMethod.Paired));
            Assert.That(validity.High, Is.LessThan(-validity.Tolerance));
            Assert.That(File.ReadAllText(junit), Does.Contain("<failure message=\"significant regression: held-out validity at T=0"));
        });
    }

    private static void Expect((int Exit, string Out, string Error) run) => Assert.That(run.Exit, Is.Zero, run.Error);

    /// <summary>`dotnet build` of the sample in a child process; standard output and error together.</summary>
    private static (int Exit, string Output) Build(string project, string[] properties)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["build", "-nologo", "-v:minimal", .. properties]) start.ArgumentList.Add(argument);
        // The test host may run inside an MSBuild node; the child build must find its own SDK.
        foreach (var name in (string[])["MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly"])
            start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, output + error.Result);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GraphNav.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GraphNav.sln not found above the test directory.");
    }

    /// <summary>The CLI built by the same build as this test (Cli/bin/CONFIGURATION/net10.0/graphnav.dll).</summary>
    private static string CliDll(string root)
    {
        var testDir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var path = Path.Combine(root, "Cli", "bin", testDir.Parent!.Name, testDir.Name, "graphnav.dll");
        if (!File.Exists(path)) Assert.Fail($"{path} is missing: build the solution (dotnet build) before this test.");
        return path;
    }
}
