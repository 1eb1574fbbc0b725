using System.Globalization;
using System.Text;
using GraphNav.Experiments.Phenomena;

namespace GraphNav.Report;

/// <summary>
/// The report page: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched),
/// a summary table of the records, then every figure of <see cref="PaperCharts"/>: drawn, or a
/// notice saying why its data is absent. Each figure is a &lt;figure class="chart"&gt; with
/// data-chart (its id), data-phenomenon, data-state ("drawn" / "absent") and data-source-ran.
/// </summary>
public static class HtmlReport
{
    /// <summary>Renders the page for <paramref name="inputs"/>, stamped with <paramref name="generated"/>.</summary>
    public static string Render(ReportInputs inputs, DateTimeOffset generated)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var charts = PaperCharts.All(inputs);
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>GraphNav report</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1500px; color: #222; padding: 0 1em; }
            h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin: 0 0 0.3em; }
            .meta { color: #555; font-size: 0.9em; }
            table { border-collapse: collapse; font-size: 0.85em; margin: 1em 0; }
            td, th { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(660px, 1fr)); gap: 1.2em; align-items: start; }
            figure.chart { margin: 0; padding: 0.8em; border: 1px solid #ddd; border-radius: 6px; background: #fff; }
            figure.chart[data-state="absent"] { background: #fafafa; }
            figure.chart svg { width: 100%; height: auto; max-width: 720px; }
            figcaption { font-size: 0.8em; color: #555; margin-top: 0.4em; }
            .absent { color: #8a5300; font-size: 0.95em; }
            .Pass { color: #1a7f37; } .Fail { color: #cf222e; } .Inconclusive { color: #8a5300; }
            </style></head><body>
            <h1>GraphNav report</h1>

            """);
        html.Append(Invariant($"<p class=\"meta\">Generated {generated:yyyy-MM-dd HH:mm} UTC from {Escape(inputs.RecordsSource)}"));
        if (inputs.HistoryPath is not null) html.Append(Invariant($" and the history {Escape(inputs.HistoryPath)}"));
        html.Append(Invariant($". {charts.Count(c => c.Drawn)} of {charts.Count} figures drawn; intervals are 95% bootstrap intervals over seeds unless a caption says otherwise.</p>\n"));
        Summary(html, inputs);
        html.Append("<div class=\"grid\">\n");
        foreach (var chart in charts) Figure(html, chart);
        html.Append("</div>\n</body></html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, ReportInputs inputs)
    {
        if (inputs.Records.Count == 0) { html.Append("<p class=\"absent\">No phenomenon records were found.</p>\n"); return; }
        html.Append("<table class=\"records\"><tr><th>phenomenon</th><th>scale</th><th>model</th><th>verdict</th><th>machine</th><th>finished</th></tr>\n");
        foreach (var r in inputs.Records.OrderBy(r => r.Phenomenon, StringComparer.Ordinal).ThenBy(r => r.Scale))
            html.Append(Invariant($"<tr data-phenomenon=\"{Escape(r.Phenomenon)}\"><td>{Escape(r.Phenomenon)} {Escape(r.Title)}</td><td>{ScaleNames.Of(r.Scale)}</td><td>{Escape(r.ExternalModel is null ? "suite's own" : Path.GetFileName(r.ExternalModel))}</td><td class=\"{r.Verdict}\">{r.Verdict}: {Escape(r.Reason)}</td><td>{Escape(r.Machine.Cpu)}, {r.Machine.Cores} cores</td><td>{r.Finished:yyyy-MM-dd HH:mm}</td></tr>\n"));
        html.Append("</table>\n");
    }

    private static void Figure(StringBuilder html, Chart chart)
    {
        html.Append(Invariant($"<figure class=\"chart\" id=\"{Escape(chart.Id)}\" data-chart=\"{Escape(chart.Id)}\" data-phenomenon=\"{Escape(chart.Phenomenon)}\" data-state=\"{(chart.Drawn ? "drawn" : "absent")}\" data-source-ran=\"{(chart.SourceRan ? "true" : "false")}\">"));
        html.Append(Invariant($"<h2>{Escape(chart.Title)}</h2>"));
        if (chart.Drawn) html.Append(SvgChart.Render(chart));
        else html.Append(Invariant($"<p class=\"absent\">No data: {Escape(chart.AbsentReason ?? "the record holds no points for this figure.")}</p>"));
        if (chart.Caption.Length > 0) html.Append(Invariant($"<figcaption>{Escape(chart.Caption)}</figcaption>"));
        html.Append("</figure>\n");
    }

    private static string Escape(string text) => SvgChart.Escape(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
