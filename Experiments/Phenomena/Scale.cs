namespace GraphNav.Experiments.Phenomena;

/// <summary>PHENOMENA.md §5: quick scale runs in the default test run; paper scale is explicit.</summary>
public enum Scale
{
    /// <summary>Small graphs and token budgets; the whole default run fits in 25 minutes on 2 cores.</summary>
    Quick,

    /// <summary>The papers' sizes (or the largest this CPU trains in reasonable time).</summary>
    Paper,
}
