using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;

namespace GraphNav.Tasks.Scoring;

/// <summary>Scores generated completions against the graph (docs/PHENOMENA.md §1 outcomes, A1 decisions).</summary>
public static class CompletionScorer
{
    /// <summary>
    /// Version of the scoring rules below. Cached scorer output (A4's per-checkpoint outcomes) is keyed
    /// by it: change it whenever a rule changes, so stale outcomes are recomputed instead of reused.
    /// </summary>
    public const string Version = "1";

    /// <summary>
    /// Scores the tokens generated after the prompt for a reachable (start, goal) pair. Tokens after the
    /// first END are ignored (generation stops there).
    /// </summary>
    /// <remarks>
    /// Decision order (first rule that applies wins):
    /// <list type="number">
    /// <item>Empty completion → FormatError (nothing was said).</item>
    /// <item>First token: a node ≠ start → Misstep; an id that is neither a node nor a declared
    ///   special (outside the task vocabulary, or unused by a custom layout) → Misstep; a declared special (END, PATH,
    ///   NOPATH, PAD, ':', EXEMPLAR) → FormatError.</item>
    /// <item>Walk the following tokens up to END or the end of the completion: a non-node token other than
    ///   END (including off-vocabulary ids) → Misstep; a node that is not a successor of the previous
    ///   node → Misstep. A misstep anywhere beats a planning failure.</item>
    /// <item>No misstep: if the goal was visited and more nodes followed → PlanningFailure (continued past
    ///   the goal); else if no END was generated → PlanningFailure (ran out of context); else if the last
    ///   node ≠ goal → PlanningFailure (END before the goal); else Valid.</item>
    /// </list>
    /// </remarks>
    public static ScoredCompletion ScoreReachable(Dag dag, TokenMap tokens, int start, int goal, ReadOnlySpan<int> completion)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(tokens);
        if (completion.IsEmpty) return new(PathOutcome.FormatError, []);
        int first = completion[0];
        if (!tokens.TryGetNode(first, out int firstNode))
        {
            // An id that is neither a node nor a token the task declares (beyond the task's ids, or in a
            // gap of a custom layout) is a wrong step, not a wrong answer format.
            return new(tokens.IsSpecial(first) ? PathOutcome.FormatError : PathOutcome.Misstep, []);
        }
        if (firstNode != start) return new(PathOutcome.Misstep, [firstNode]);

        var path = new List<int> { firstNode };
        bool sawEnd = false, pastGoal = false;
        for (int i = 1; i < completion.Length; i++)
        {
            int id = completion[i];
            if (tokens.IsEnd(id)) { sawEnd = true; break; }
            if (!tokens.TryGetNode(id, out int node) || !dag.HasEdge(path[^1], node))
                return new(PathOutcome.Misstep, [.. path]);
            if (path[^1] == goal) pastGoal = true;
            path.Add(node);
        }
        PathOutcome outcome = pastGoal || !sawEnd || path[^1] != goal ? PathOutcome.PlanningFailure : PathOutcome.Valid;
        return new(outcome, [.. path]);
    }

    /// <summary>
    /// The A1 decision rule. Stepwise: <see cref="ReachabilityDecision.Unreachable"/> iff the first token
    /// is NOPATH, <see cref="ReachabilityDecision.Reachable"/> iff the completion is a valid start→goal
    /// path (impossible for an unreachable pair), otherwise Undecided. Direct: PATH first → Reachable,
    /// NOPATH first → Unreachable, otherwise Undecided.
    /// </summary>
    public static ReachabilityDecision Decide(SequenceFormat format, Dag dag, TokenMap tokens, int start, int goal, ReadOnlySpan<int> completion)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (!completion.IsEmpty && tokens.IsNoPath(completion[0])) return ReachabilityDecision.Unreachable;
        return format switch
        {
            SequenceFormat.Direct => !completion.IsEmpty && tokens.IsPath(completion[0])
                ? ReachabilityDecision.Reachable : ReachabilityDecision.Undecided,
            SequenceFormat.Stepwise => ScoreReachable(dag, tokens, start, goal, completion).Outcome == PathOutcome.Valid
                ? ReachabilityDecision.Reachable : ReachabilityDecision.Undecided,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sequence format."),
        };
    }

    /// <summary>
    /// Scores a completion for an unreachable pair: correct iff it declares the pair unreachable
    /// (NOPATH first) under <see cref="Decide"/>.
    /// </summary>
    public static bool IsCorrectForUnreachable(TokenMap tokens, ReadOnlySpan<int> completion)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return !completion.IsEmpty && tokens.IsNoPath(completion[0]);
    }
}
