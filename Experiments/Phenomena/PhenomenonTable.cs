namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// The phenomena table's protocol cells — id and title, claim, bar, scales — written from the
/// registry, so the README and <c>graphnav report --specs</c> never state a bar of their own.
/// </summary>
public static class PhenomenonTable
{
    /// <summary>Header of the protocol cells (a table may add result columns after them).</summary>
    public const string Header = "| id | claim | bar | runs |";

    /// <summary>The scale whose bar the table shows: quick when quick scale runs by default, else paper.</summary>
    public static Scale HeadlineScale(IPhenomenon phenomenon)
    {
        ArgumentNullException.ThrowIfNull(phenomenon);
        return phenomenon.QuickRun == QuickScaleRun.Default ? Scale.Quick : Scale.Paper;
    }

    /// <summary>"| A1 stepwise gap | claim | bar | runs |" (with a trailing cell separator, so result cells can follow).</summary>
    public static string ProtocolCells(IPhenomenon phenomenon)
    {
        ArgumentNullException.ThrowIfNull(phenomenon);
        var scale = HeadlineScale(phenomenon);
        return $"| {phenomenon.Id} {phenomenon.Title} | {phenomenon.Claim} | {ScaleNames.Of(scale)}: {phenomenon.Bar(scale)} | {Runs(phenomenon.QuickRun)} |";
    }

    /// <summary>Where a phenomenon runs, in words.</summary>
    public static string Runs(QuickScaleRun run) => run switch
    {
        QuickScaleRun.Default => "quick (default run), paper (explicit)",
        QuickScaleRun.Explicit => "paper (explicit); quick by name (does not clear its bar there)",
        QuickScaleRun.None => "paper (explicit)",
        _ => throw new ArgumentOutOfRangeException(nameof(run), run, "Unknown quick-scale run."),
    };
}
