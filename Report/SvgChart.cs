using System.Globalization;
using System.Net;
using System.Text;

namespace GraphNav.Report;

/// <summary>
/// Draws a <see cref="Chart"/> as inline SVG: axes with ticks, one colour per series, a whisker per
/// interval, and every point as an element carrying its numbers (data-mean, data-low, data-high,
/// data-x, data-key; a &lt;title&gt; tooltip) so that readers and tests can check what was drawn.
/// </summary>
internal static class SvgChart
{
    private const double Width = 720, Height = 340, Left = 72, Right = 16, Top = 16, Bottom = 64;
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

    public static string Render(Chart chart)
    {
        var points = chart.Series.SelectMany(s => s.Points).ToList();
        var (yMin, yMax) = YRange(points, chart.LogY);
        var (xMin, xMax) = chart.Kind == ChartKind.Bars ? (-0.5, points.Max(p => p.X) + 0.5) : XRange(points);
        double X(double x) => Left + (x - xMin) / (xMax - xMin) * (Width - Left - Right);
        double Y(double y) => Top + (1 - (Transform(y, chart.LogY) - yMin) / (yMax - yMin)) * (Height - Top - Bottom);

        var legend = LegendLayout(chart);
        double height = Height + 14 * (legend.Max(l => l.Row));
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{Escape(chart.Title)}\">"));
        Axes(svg, chart, points, yMin, yMax, xMin, xMax, X, Y);
        Legend(svg, legend);
        int seriesCount = chart.Series.Count;
        for (int s = 0; s < seriesCount; s++)
        {
            var series = chart.Series[s];
            var colour = Colours[s % Colours.Length];
            svg.Append(Invariant($"<g class=\"series\" data-series=\"{Escape(series.Name)}\" fill=\"{colour}\" stroke=\"{colour}\">"));
            if (chart.Kind == ChartKind.Line && series.Points.Count > 1)
                svg.Append("<polyline fill=\"none\" stroke-width=\"1.5\" points=\"")
                   .AppendJoin(' ', series.Points.Where(p => Plottable(p.Mean, chart.LogY)).Select(p => Invariant($"{X(p.X):0.#},{Y(p.Mean):0.#}")))
                   .Append("\"/>");
            foreach (var p in series.Points)
            {
                if (!Plottable(p.Mean, chart.LogY)) continue;
                double cx = chart.Kind == ChartKind.Bars ? X(p.X) + (s - (seriesCount - 1) / 2.0) * 18 : X(p.X);
                svg.Append(Invariant($"<g class=\"point\" data-series=\"{Escape(series.Name)}\" data-key=\"{Escape(p.Key)}\" data-x=\"{Escape(p.XLabel)}\" data-mean=\"{Number(p.Mean)}\" data-low=\"{Number(p.Low)}\" data-high=\"{Number(p.High)}\">"));
                svg.Append(Invariant($"<title>{Escape(series.Name)}, {Escape(p.XLabel)}: {Format(p.Mean)}{(double.IsNaN(p.Low) ? "" : $" [{Format(p.Low)}, {Format(p.High)}]")}</title>"));
                if (chart.Kind == ChartKind.Bars)
                {
                    double baseline = Y(chart.LogY ? Inverse(yMin) : Math.Clamp(0, Inverse(yMin, false), Inverse(yMax, false)));
                    double top = Y(p.Mean);
                    svg.Append(Invariant($"<rect x=\"{cx - 8:0.#}\" y=\"{Math.Min(top, baseline):0.#}\" width=\"16\" height=\"{Math.Abs(baseline - top):0.#}\" fill-opacity=\"0.75\" stroke=\"none\"/>"));
                }
                else svg.Append(Invariant($"<circle cx=\"{cx:0.#}\" cy=\"{Y(p.Mean):0.#}\" r=\"3.5\"/>"));
                if (Plottable(p.Low, chart.LogY) && Plottable(p.High, chart.LogY))
                {
                    double y1 = Y(p.Low), y2 = Y(p.High);
                    svg.Append(Invariant($"<path class=\"interval\" fill=\"none\" stroke-width=\"1.2\" d=\"M{cx:0.#},{y1:0.#}V{y2:0.#}M{cx - 4:0.#},{y1:0.#}h8M{cx - 4:0.#},{y2:0.#}h8\"/>"));
                }
                svg.Append("</g>");
            }
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Axes(StringBuilder svg, Chart chart, IReadOnlyList<ChartPoint> points, double yMin, double yMax, double xMin, double xMax,
        Func<double, double> x, Func<double, double> y)
    {
        svg.Append("<g class=\"axes\" stroke=\"#444\" fill=\"#222\" font-size=\"11\" font-family=\"sans-serif\">");
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\"/><line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\"/>"));
        foreach (var tick in Ticks(yMin, yMax, chart.LogY))
        {
            double ty = y(tick);
            svg.Append(Invariant($"<line x1=\"{Left - 4}\" y1=\"{ty:0.#}\" x2=\"{Width - Right}\" y2=\"{ty:0.#}\" stroke=\"#ddd\"/><text x=\"{Left - 6}\" y=\"{ty + 4:0.#}\" text-anchor=\"end\" stroke=\"none\">{Format(tick)}</text>"));
        }
        var xTicks = chart.Kind == ChartKind.Bars
            ? points.GroupBy(p => p.X).Select(g => (g.Key, Label: g.First().XLabel))
            : points.GroupBy(p => p.X).Select(g => (g.Key, Label: g.First().XLabel)).Where((_, i) => i % Math.Max(1, points.Select(p => p.X).Distinct().Count() / 14) == 0);
        foreach (var (value, label) in xTicks)
        {
            double tx = x(value);
            var text = chart.Kind == ChartKind.Bars && label.Length > 28 ? label[..27] + "…" : label;
            svg.Append(chart.Kind == ChartKind.Bars
                ? Invariant($"<text x=\"{tx:0.#}\" y=\"{Height - Bottom + 14}\" text-anchor=\"end\" stroke=\"none\" font-size=\"9\" transform=\"rotate(-12 {tx:0.#} {Height - Bottom + 14})\">{Escape(text)}</text>")
                : Invariant($"<line x1=\"{tx:0.#}\" y1=\"{Height - Bottom}\" x2=\"{tx:0.#}\" y2=\"{Height - Bottom + 4}\"/><text x=\"{tx:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" stroke=\"none\">{Escape(text)}</text>"));
        }
        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 22}\" text-anchor=\"middle\" stroke=\"none\">{Escape(chart.XAxis)}</text>"));
        svg.Append(Invariant($"<text transform=\"translate(16 {(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\" stroke=\"none\">{Escape(chart.YAxis)}</text>"));
        svg.Append("</g>");
    }

    /// <summary>Where each series' legend entry goes: left to right along the bottom edge, wrapping to new rows.</summary>
    private static IReadOnlyList<(string Name, string Colour, double X, int Row)> LegendLayout(Chart chart)
    {
        var entries = new List<(string, string, double, int)>();
        double x = Left;
        int row = 0;
        for (int s = 0; s < chart.Series.Count; s++)
        {
            var name = chart.Series[s].Name;
            double width = 24 + name.Length * 6.2;
            if (x > Left && x + width > Width - Right) { x = Left; row++; }
            entries.Add((name, Colours[s % Colours.Length], x, row));
            x += width;
        }
        if (entries.Count == 0) entries.Add(("", "none", Left, 0));
        return entries;
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<(string Name, string Colour, double X, int Row)> legend)
    {
        svg.Append("<g class=\"legend\" font-size=\"11\" font-family=\"sans-serif\" fill=\"#222\">");
        foreach (var (name, colour, x, row) in legend.Where(l => l.Name.Length > 0))
            svg.Append(Invariant($"<rect x=\"{x:0.#}\" y=\"{Height - 12 + 14 * row}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{x + 14:0.#}\" y=\"{Height - 3 + 14 * row}\">{Escape(name)}</text>"));
        svg.Append("</g>");
    }

    private static (double, double) XRange(IReadOnlyList<ChartPoint> points)
    {
        double min = points.Min(p => p.X), max = points.Max(p => p.X);
        // Few points (a short run history) get wide margins so the end labels stay inside the frame.
        int distinct = points.Select(p => p.X).Distinct().Count();
        double pad = max > min ? (max - min) * (distinct <= 3 ? 0.25 : 0.04) : 0.5;
        return (min - pad, max + pad);
    }

    /// <summary>The y range (in transformed units) covering every mean and interval end, including 0 on linear axes.</summary>
    private static (double, double) YRange(IReadOnlyList<ChartPoint> points, bool log)
    {
        var values = points.SelectMany(p => new[] { p.Mean, p.Low, p.High }).Where(v => Plottable(v, log)).Select(v => Transform(v, log)).ToList();
        if (!log) values.Add(0);
        double min = values.Min(), max = values.Max();
        if (log) { min = Math.Floor(min); max = Math.Ceiling(max); }
        if (max - min < 1e-12) { min -= 0.5; max += 0.5; }
        else if (!log) max += (max - min) * 0.05;
        return (min, max);
    }

    private static IEnumerable<double> Ticks(double min, double max, bool log)
    {
        if (log)
        {
            for (double e = Math.Ceiling(min); e <= max + 1e-9; e++) yield return Math.Pow(10, e);
            yield break;
        }
        double raw = (max - min) / 5, magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw);
        for (double t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step) yield return Math.Round(t, 10);
    }

    private static double Transform(double v, bool log) => log ? Math.Log10(v) : v;

    private static double Inverse(double v, bool log = true) => log ? Math.Pow(10, v) : v;

    private static bool Plottable(double v, bool log) => double.IsFinite(v) && (!log || v > 0);

    /// <summary>Round-trip text of a number ("NaN" when absent) for the data attributes.</summary>
    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Format(double v) => Math.Abs(v) >= 10_000 ? v.ToString("0.###e0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);

    internal static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
