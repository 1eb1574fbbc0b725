using System.CommandLine;
using GraphNav.Cli.Reports;
using GraphNav.Experiments.Comparison;

namespace GraphNav.Cli.Commands;

/// <summary>
/// <c>graphnav compare --baseline DIR --candidate DIR</c>: every measurement of every phenomenon, the
/// candidate's difference from the baseline with its 95% interval, judged against the measurement's
/// tolerance; exits 1 on a significant regression (the whole interval beyond the tolerance in the bad direction).
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var baseline = new Option<string>("--baseline") { Description = "Folder (or file) of the baseline's phenomenon records.", Required = true };
        var candidate = new Option<string>("--candidate") { Description = "Folder (or file) of the candidate's phenomenon records.", Required = true };
        var tolerance = new Option<string[]>("--tolerance")
        {
            Description = "KEY=VALUE[:higher|lower|none]: tolerance (and optionally better direction) of the measurements KEY names " +
                "(a key, a pattern with *, or ID.key); repeatable; overrides the defaults.",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<string?>("--json") { Description = "Also write the comparison as JSON to this file." };
        var junit = new Option<string?>("--junit") { Description = "Also write JUnit XML (one test case per judged measurement) to this file." };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the Markdown (e.g. to $GITHUB_STEP_SUMMARY) to this file." };
        var command = new Command("compare", "Compare a candidate run's phenomenon records with a baseline's: differences with intervals, regressions beyond tolerance.")
        {
            baseline, candidate, tolerance, json, junit, markdown,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var overrides = (parse.GetValue(tolerance) ?? []).Select(ToleranceOverride.Parse).ToList();
            var report = RecordComparer.Compare(RecordSet.Load(parse.GetValue(baseline)!), RecordSet.Load(parse.GetValue(candidate)!), overrides);
            var text = ComparisonMarkdown.Render(report);
            Console.Write(text);
            if (parse.GetValue(markdown) is { } md) File.WriteAllText(md, text);
            if (parse.GetValue(json) is { } js) File.WriteAllText(js, ComparisonJson.Write(report));
            if (parse.GetValue(junit) is { } xml) JUnitXml.Save(JUnitXml.FromComparison(report), xml);
            return report.HasRegression ? CliErrors.UserError : 0;
        }));
        return command;
    }
}
