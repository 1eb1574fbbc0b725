namespace GraphNav.Tasks.Scoring;

/// <summary>Outcome of one generated completion for a reachable pair (docs/PHENOMENA.md §1).</summary>
public enum PathOutcome
{
    /// <summary>start, valid edges, reaches the goal, then END.</summary>
    Valid,
    /// <summary>A consecutive pair that is not an edge, a non-node token inside the path, or a wrong first node.</summary>
    Misstep,
    /// <summary>Every edge valid, but END before the goal, continued past the goal, or no END before the context ran out.</summary>
    PlanningFailure,
    /// <summary>Anything else, e.g. a completion starting with NOPATH, PATH or END for a reachable pair.</summary>
    FormatError,
}

/// <summary>
/// A scored completion: the outcome and the parsed node list (the nodes read before the walk stopped;
/// for <see cref="PathOutcome.Valid"/> the full path start … goal). Use Path for diversity (distinct
/// valid paths) and lengths (Path.Length − 1 edges).
/// </summary>
public sealed record ScoredCompletion(PathOutcome Outcome, int[] Path)
{
    /// <summary>Path length in edges (0 for an empty parse).</summary>
    public int Length => Math.Max(0, Path.Length - 1);
}

/// <summary>What a completion says about reachability (A1 decision rule).</summary>
public enum ReachabilityDecision
{
    /// <summary>Declared reachable: a valid path (stepwise) or PATH first (direct).</summary>
    Reachable,
    /// <summary>Declared unreachable: NOPATH as first token (both formats).</summary>
    Unreachable,
    /// <summary>Neither; always counted wrong.</summary>
    Undecided,
}
