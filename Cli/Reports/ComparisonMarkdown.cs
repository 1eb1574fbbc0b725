using System.Globalization;
using System.Text;
using GraphNav.Experiments.Comparison;

namespace GraphNav.Cli.Reports;

/// <summary>The Markdown of a comparison: short enough for a CI job summary (judged measurements and regressions only).</summary>
internal static class ComparisonMarkdown
{
    public static string Render(ComparisonReport report)
    {
        var sb = new StringBuilder();
        int regressions = report.Phenomena.Sum(p => p.Regressions.Count());
        sb.AppendLine(regressions == 0
            ? "### graphnav compare: no significant regression"
            : string.Create(CultureInfo.InvariantCulture, $"### graphnav compare: {regressions} significant regression{(regressions == 1 ? "" : "s")}"));
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Candidate `{report.Candidate}` against baseline `{report.Baseline}`; difference = candidate − baseline with its 95% interval.");
        sb.AppendLine();
        sb.AppendLine("| phenomenon | measurement | baseline | candidate | difference [95% interval] | method | tolerance | outcome |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var p in report.Phenomena)
        {
            var judged = p.Measurements.Where(m => m.Outcome != ComparisonOutcome.NotJudged).ToList();
            if (judged.Count == 0)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {p.Phenomenon} {p.Title} | (nothing judged) | {p.BaselineVerdict?.ToString() ?? "—"} | {p.CandidateVerdict?.ToString() ?? "—"} | | | | |");
                continue;
            }
            foreach (var m in judged)
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {p.Phenomenon} | {m.Label} | {Number(m.Baseline)} | {Number(m.Candidate)} | {Difference(m)} | {Method(m)} | {Tolerance(m)} | {Outcome(m.Outcome)} |");
        }
        sb.AppendLine();
        sb.AppendLine("Verdicts: " + string.Join(", ", report.Phenomena.Select(p => $"{p.Phenomenon} {p.BaselineVerdict?.ToString() ?? "—"} → {p.CandidateVerdict?.ToString() ?? "—"}")));
        return sb.ToString();
    }

    internal static string Number(double value) => double.IsNaN(value) ? "—" : value.ToString("0.####", CultureInfo.InvariantCulture);

    internal static string Difference(MeasurementComparison m) => double.IsNaN(m.Low)
        ? Signed(m.Difference)
        : $"{Signed(m.Difference)} [{Signed(m.Low)}, {Signed(m.High)}]";

    private static string Signed(double value) => double.IsNaN(value) ? "—" : value.ToString("+0.####;−0.####;0", CultureInfo.InvariantCulture);

    internal static string Method(MeasurementComparison m) => m.Method switch
    {
        ComparisonMethod.Paired => string.Create(CultureInfo.InvariantCulture, $"paired over {m.Units} units"),
        ComparisonMethod.Unpaired => string.Create(CultureInfo.InvariantCulture, $"unpaired, {m.Units} units"),
        ComparisonMethod.Intervals => "from intervals",
        _ => "no interval",
    };

    internal static string Tolerance(MeasurementComparison m) => m.Better switch
    {
        BetterDirection.Higher => Number(m.Tolerance) + ", higher is better",
        BetterDirection.Lower => Number(m.Tolerance) + ", lower is better",
        _ => "—",
    };

    private static string Outcome(ComparisonOutcome outcome) => outcome switch
    {
        ComparisonOutcome.Regression => "**regression**",
        ComparisonOutcome.Improvement => "improvement",
        ComparisonOutcome.Unchanged => "no significant change",
        _ => "not judged",
    };
}
