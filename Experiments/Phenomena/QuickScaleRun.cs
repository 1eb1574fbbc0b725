namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// At which scales a phenomenon runs (docs/PHENOMENA.md §5). Paper scale is always available and
/// always explicit (hours of training); this says what quick scale does.
/// </summary>
public enum QuickScaleRun
{
    /// <summary>It reproduces at quick scale: part of the default test run and of <c>graphnav evaluate --phenomena</c>.</summary>
    Default,

    /// <summary>Measured at quick scale but it does not clear its bar there: runnable by name, not by default.</summary>
    Explicit,

    /// <summary>Paper scale only (its models are too small at quick scale to say anything).</summary>
    None,
}
