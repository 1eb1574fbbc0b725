using System.CommandLine;
using System.Globalization;
using GraphNav.Experiments.Comparison;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;

namespace GraphNav.Cli.Commands;

/// <summary>
/// <c>graphnav check MODEL --phenomena A2;A3 [--baseline DIR]</c>: the gate the MSBuild target
/// <c>GraphNavCheck</c> runs (build/GraphNav.targets). Measures the named phenomena on MODEL, writes
/// their records, compares them with the baseline's, and reports in MSBuild's canonical diagnostic
/// format so that the build logs each problem as an error on the model file:
/// GN0001 a phenomenon failed, GN0002 a measurement regressed significantly against the baseline,
/// GN0003 a phenomenon could not be measured (warning), GN0004 the baseline has no record of a
/// phenomenon (warning), GN0000 the check itself could not run (bad input). Exits 1 on any error.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The .onnx file (or engine checkpoint) to check." };
        var phenomena = new Option<string>("--phenomena") { Description = "Phenomenon ids separated by ';' or ',' (e.g. A2;A3).", Required = true };
        var task = new Option<string?>("--task") { Description = "Preset, task.json or task directory; default: the model's graphnav.task metadata." };
        var baseline = new Option<string?>("--baseline") { Description = "Folder of the baseline's records (e.g. a previous check's --records): significant regressions are errors." };
        var records = new Option<string?>("--records") { Description = "Folder receiving this check's records (replaced on every run)." };
        var tolerance = new Option<string[]>("--tolerance") { Description = "KEY=VALUE[:higher|lower|none], as graphnav compare; repeatable." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads.", DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
        var command = new Command("check", "Gate a model in a build: run phenomena on it, compare with a baseline, report failures as MSBuild errors (GN0001…).")
        {
            model, phenomena, task, baseline, records, tolerance, threads,
        };
        OrtOptions.AddTo(command);
        command.SetAction(parse =>
        {
            string file = parse.GetValue(model)!;
            try
            {
                int threadCount = OptionLimits.Checked(parse, threads, 1, OptionLimits.Threads);
                return Check(file, parse.GetValue(phenomena)!, parse.GetValue(task), parse.GetValue(baseline), parse.GetValue(records),
                    [.. (parse.GetValue(tolerance) ?? []).Select(ToleranceOverride.Parse)], OrtOptions.Settings(parse, threadCount));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException or FileNotFoundException
                or DirectoryNotFoundException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException
                or Export.Ort.OrtException or NotSupportedException)
            {
                Console.WriteLine(Diagnostic(file, "error", "GN0000", "graphnav check could not run: " + e.Message));
                return CliErrors.UserError;
            }
        });
        return command;
    }

    private static int Check(string file, string ids, string? task, string? baselineDir, string? recordsDir,
        IReadOnlyList<ToleranceOverride> overrides, Export.Ort.OrtSessionSettings settings)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"no model file '{file}'.");
        var baseline = baselineDir is null ? null : RecordSet.Load(baselineDir);
        var run = new PhenomenaRun(file, task, settings, Only: EvaluateCommand.Ids(ids));
        // Measurement lines are not echoed: only this command's own lines reach the build log, so no
        // label can be mistaken for a diagnostic. Progress goes to standard error, one line per phenomenon.
        Console.Error.WriteLine($"graphnav check: measuring {string.Join(", ", run.Only!)} on {file}");
        var results = EvaluatePhenomena.Measure(run, _ => { }, TextWriter.Null);
        if (recordsDir is not null)
        {
            if (Directory.Exists(recordsDir))
                foreach (var stale in Directory.GetFiles(recordsDir, "*.json")) File.Delete(stale);
            foreach (var r in results) r.WriteTo(recordsDir);
        }

        int errors = 0;
        foreach (var r in results)
        {
            switch (r.Verdict)
            {
                case Verdict.Pass:
                    Console.WriteLine($"graphnav check: {r.Phenomenon} {r.Title} passed on {file}: {r.Reason}");
                    break;
                case Verdict.Fail:
                    errors++;
                    Console.WriteLine(Diagnostic(file, "error", "GN0001", $"{r.Phenomenon} {r.Title} failed: {r.Reason}"));
                    break;
                default:
                    Console.WriteLine(Diagnostic(file, "warning", "GN0003", $"{r.Phenomenon} {r.Title} could not be measured: {r.Reason}"));
                    break;
            }
            if (baseline is null) continue;
            if (!baseline.Records.TryGetValue(r.Phenomenon, out var before))
            {
                Console.WriteLine(Diagnostic(file, "warning", "GN0004", $"baseline '{baselineDir}' has no record of {r.Phenomenon}: nothing to compare against."));
                continue;
            }
            var comparison = RecordComparer.Compare(
                new RecordSet(baselineDir!, new Dictionary<string, PhenomenonResult> { [r.Phenomenon] = before }),
                new RecordSet(file, new Dictionary<string, PhenomenonResult> { [r.Phenomenon] = r }), overrides);
            var rows = comparison.Phenomena.SelectMany(p => p.Measurements).ToList();
            foreach (var m in rows.Where(m => m.Outcome == ComparisonOutcome.Regression))
            {
                errors++;
                Console.WriteLine(Diagnostic(file, "error", "GN0002",
                    $"{r.Phenomenon} {m.Label} regressed against baseline '{baselineDir}': {Reports.ComparisonMarkdown.Number(m.Baseline)} → {Reports.ComparisonMarkdown.Number(m.Candidate)}, " +
                    $"difference {Reports.ComparisonMarkdown.Difference(m)}, {Reports.ComparisonMarkdown.Method(m)}, tolerance {Reports.ComparisonMarkdown.Tolerance(m)}"));
            }
            int judged = rows.Count(m => m.Outcome != ComparisonOutcome.NotJudged);
            if (rows.All(m => m.Outcome != ComparisonOutcome.Regression))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"graphnav check: {r.Phenomenon} has no significant regression against the baseline ({judged} measurements judged)."));
        }
        return errors == 0 ? 0 : CliErrors.UserError;
    }

    /// <summary>
    /// One diagnostic in MSBuild's canonical format ("origin : error CODE: text"), which the Exec task
    /// logs as an error or warning on that file; the text is kept to one line.
    /// </summary>
    internal static string Diagnostic(string file, string category, string code, string text) =>
        $"{file} : {category} {code}: {text.ReplaceLineEndings(" ")}";
}
