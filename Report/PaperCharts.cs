using System.Globalization;
using System.Text.RegularExpressions;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;

namespace GraphNav.Report;

/// <summary>
/// The report's figures, after the papers' plots: each is built from the measurement keys a
/// phenomenon's record holds (the key families of docs/PHENOMENA.md, e.g. accuracy_at_t_{T}). A
/// figure whose phenomenon has no record, or whose record lacks the keys, is kept with the reason.
/// </summary>
public static partial class PaperCharts
{
    /// <summary>Every figure, in the page's order.</summary>
    public static IReadOnlyList<Chart> All(ReportInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var charts = new List<Chart>
        {
            Family(inputs, "a2-accuracy", "A2", "A2: accuracy against temperature", "temperature T", "accuracy (valid completions)",
                [("accuracy", TemperatureKey("accuracy"))]),
            Family(inputs, "a2-distinct", "A2", "A2: distinct valid paths against temperature", "temperature T", "distinct valid paths per pair",
                [("distinct valid paths", TemperatureKey("distinct_valid_paths"))]),
            A4(inputs),
            Family(inputs, "a5-distance", "A5", "A5: score against distance", "distance to the goal (hops)", "score",
                [("score", DistanceKey())],
                fallback: ("median ρ of score and distance (bar ≤ −0.5)", k => k.Contains("rho", StringComparison.Ordinal) || k.Contains("ρ", StringComparison.Ordinal))),
            Attention(inputs, "a5-attention", "A5", "A5: attention on the goal and current tokens", k => k.StartsWith("mean_attention", StringComparison.Ordinal)),
            Attention(inputs, "b4-attention", "B4", "B4: association heads' attention", k => k.Contains("association", StringComparison.Ordinal) || k.Contains("ratio_to_uniform", StringComparison.Ordinal)),
            Family(inputs, "b1-positions", "B1", "B1: accuracy per position (length extrapolation)", "position in the sentence", "accuracy",
                [("accuracy", PositionKey("accuracy")), ("shortcut agreement", PositionKey("shortcut_agreement"))]),
            Family(inputs, "b6a-positions", "B6a", "B6a: accuracy per position with the shortcut probe", "position in the sentence", "fraction",
                [("accuracy", PositionKey("accuracy")), ("shortcut agreement", PositionKey("shortcut_agreement"))]),
            Family(inputs, "a1-gap", "A1", "A1: stepwise and direct balanced accuracy by path length", "shortest-path length (gap)", "balanced accuracy",
                [("stepwise", GapKey("stepwise")), ("direct", GapKey("direct"))]),
        };
        charts.AddRange(ThroughputCharts.All(inputs));
        return charts;
    }

    private static Regex TemperatureKey(string measure) => new($"^{Regex.Escape(measure)}_at_t_(?<x>[0-9.]+)$", RegexOptions.CultureInvariant);

    private static Regex PositionKey(string measure) => new($"^{Regex.Escape(measure)}_at_position_(?<x>[0-9]+)$", RegexOptions.CultureInvariant);

    private static Regex GapKey(string model) => new($"^gap_(?<x>[0-9]+)_{model}_balanced_accuracy$", RegexOptions.CultureInvariant);

    private static Regex DistanceKey() => new("^score_at_distance_(?<x>[0-9]+)$", RegexOptions.CultureInvariant);

    /// <summary>
    /// A line chart of one or more key families (x read from the key), or, when the record lacks
    /// them and <paramref name="fallback"/> is given, bars of the record's matching summary measurements.
    /// </summary>
    private static Chart Family(ReportInputs inputs, string id, string phenomenon, string title, string xAxis, string yAxis,
        IReadOnlyList<(string Name, Regex Key)> families, (string YAxis, Func<string, bool> Keys)? fallback = null)
    {
        var record = inputs.RecordOf(phenomenon);
        if (record is null) return NotRun(id, phenomenon, title, xAxis, yAxis);
        var series = families.Select(f => new ChartSeries(f.Name, [.. record.Measurements
                .Select(m => (m, match: f.Key.Match(m.Key)))
                .Where(x => x.match.Success)
                .Select(x => Point(double.Parse(x.match.Groups["x"].Value, CultureInfo.InvariantCulture), x.match.Groups["x"].Value, x.m))
                .OrderBy(p => p.X)]))
            .Where(s => s.Points.Count > 0).ToList();
        if (series.Count > 0)
            return new Chart(id, phenomenon, title, Caption(record, inputs), ChartKind.Line, xAxis, yAxis, series, null, SourceRan: true);
        if (fallback is { } f && Bars(record, f.Keys) is { Points.Count: > 0 } bars)
            return new Chart(id, phenomenon, title + " (summary: the record has no per-distance values)", Caption(record, inputs), ChartKind.Bars,
                "", f.YAxis, [bars], null, SourceRan: true);
        return Missing(id, phenomenon, title, xAxis, yAxis, record, $"the {phenomenon} record holds none of the keys {string.Join(", ", families.Select(x => x.Key.ToString()))}");
    }

    /// <summary>A4: missteps and planning failures over training when recorded per step, else the settle steps of both.</summary>
    private static Chart A4(ReportInputs inputs)
    {
        const string id = "a4-training", title = "A4: missteps and planning failures over training";
        var chart = Family(inputs, id, "A4", title, "training step", "rate",
            [("missteps", new Regex("^missteps?(?:_rate)?_at_step_(?<x>[0-9]+)$")), ("planning failures", new Regex("^planning_failures?(?:_rate)?_at_step_(?<x>[0-9]+)$"))]);
        if (chart.Drawn || inputs.RecordOf("A4") is not { } record) return chart;
        var bars = Bars(record, k => k.StartsWith("settle_", StringComparison.Ordinal));
        return bars.Points.Count == 0 ? chart : chart with
        {
            Title = "A4: training step at which missteps and planning failures settle (the record has no per-step rates)",
            Kind = ChartKind.Bars, XAxis = "", YAxis = "training step", Series = [bars], AbsentReason = null,
        };
    }

    /// <summary>Bars of the record's attention measurements (a map per head when the record ever holds one per head).</summary>
    private static Chart Attention(ReportInputs inputs, string id, string phenomenon, string title, Func<string, bool> keys)
    {
        var record = inputs.RecordOf(phenomenon);
        if (record is null) return NotRun(id, phenomenon, title, "", "attention");
        var bars = Bars(record, keys);
        return bars.Points.Count > 0
            ? new Chart(id, phenomenon, title, Caption(record, inputs), ChartKind.Bars, "", "attention", [bars], null, SourceRan: true)
            : Missing(id, phenomenon, title, "", "attention", record, $"the {phenomenon} record holds no attention measurement");
    }

    /// <summary>One bar per matching summary measurement (per-seed details left out), in record order.</summary>
    private static ChartSeries Bars(PhenomenonResult record, Func<string, bool> keys)
    {
        var chosen = record.Measurements.Where(m => !m.Key.StartsWith("seed_", StringComparison.Ordinal) && keys(m.Key)).ToList();
        return new ChartSeries(record.Phenomenon, [.. chosen.Select((m, i) => Point(i, m.Label, m))]);
    }

    private static ChartPoint Point(double x, string xLabel, Measurement m) => new(x, xLabel, m.Mean, m.Low, m.High, m.Key);

    private static Chart NotRun(string id, string phenomenon, string title, string xAxis, string yAxis) =>
        new(id, phenomenon, title, "", ChartKind.Line, xAxis, yAxis, [],
            $"{phenomenon} was not run: no {phenomenon} record among the results (run it with `dotnet test Suite --filter \"FullyQualifiedName~{phenomenon}\"`).",
            SourceRan: false);

    private static Chart Missing(string id, string phenomenon, string title, string xAxis, string yAxis, PhenomenonResult record, string reason) =>
        new(id, phenomenon, title, "", ChartKind.Line, xAxis, yAxis, [], $"{reason} ({ScaleNames.Of(record.Scale)} scale, {record.Finished:yyyy-MM-dd}).", SourceRan: true);

    internal static string Caption(PhenomenonResult record, ReportInputs inputs) => string.Create(CultureInfo.InvariantCulture,
        $"{record.Phenomenon} {record.Title}: {ScaleNames.Of(record.Scale)} scale, seeds {string.Join(",", record.Seeds)}, " +
        $"{(record.ExternalModel is null ? "the suite's own models" : "model " + Path.GetFileName(record.ExternalModel))}, {record.Verdict} ({record.Reason}); " +
        $"{record.Machine.Cpu}, {record.Machine.Cores} cores, {record.EngineVersion}, {record.Finished:yyyy-MM-dd HH:mm} UTC. " +
        $"Bars or points: the mean; whiskers: the 95% bootstrap interval over seeds, where the record gives one. Source: {inputs.RecordsSource}.");
}
