namespace GraphNav.Report;

/// <summary>One plotted value: the mean with its interval (NaN ends when the record gives none), and the record key it came from.</summary>
/// <param name="X">Position on the x axis (a number for line charts, the category index for bar charts).</param>
/// <param name="XLabel">The x value as text (a category name for bar charts).</param>
/// <param name="Mean">Mean.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
/// <param name="Key">The measurement key (or benchmark name) in the record.</param>
public sealed record ChartPoint(double X, string XLabel, double Mean, double Low, double High, string Key);

/// <summary>A named line or bar group of a chart.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">Points in x order.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>How a chart draws its points.</summary>
public enum ChartKind
{
    /// <summary>Points joined by lines over a numeric x axis.</summary>
    Line,

    /// <summary>One bar per category (per series side by side).</summary>
    Bars,
}

/// <summary>
/// One figure of the report: what it shows, where its numbers come from, and its data, or why it has
/// none (<see cref="AbsentReason"/>).
/// </summary>
/// <param name="Id">Stable identifier (the figure's HTML id), e.g. "a2-accuracy".</param>
/// <param name="Phenomenon">The phenomenon it belongs to ("" for throughput).</param>
/// <param name="Title">Heading.</param>
/// <param name="Caption">Where the numbers come from (record, scale, machine, date) and how to read them.</param>
/// <param name="Kind">Line or bars.</param>
/// <param name="XAxis">x-axis title.</param>
/// <param name="YAxis">y-axis title.</param>
/// <param name="Series">The data (empty when absent).</param>
/// <param name="AbsentReason">Why there is no data, or null when drawn.</param>
/// <param name="SourceRan">Whether the run that would provide the data happened (the phenomenon has a record, or a benchmark was imported).</param>
/// <param name="LogY">Logarithmic y axis (throughputs that span orders of magnitude).</param>
public sealed record Chart(string Id, string Phenomenon, string Title, string Caption, ChartKind Kind, string XAxis, string YAxis,
    IReadOnlyList<ChartSeries> Series, string? AbsentReason, bool SourceRan, bool LogY = false)
{
    /// <summary>Whether the chart has data to draw.</summary>
    public bool Drawn => AbsentReason is null && Series.Any(s => s.Points.Count > 0);
}
