using GraphNav.Experiments.Graph;
using GraphNav.Models.Sampling;
using GraphNav.Tasks.Motifs;
using GraphNav.Tasks.Paths;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>One A6 trial: a query in the exemplar format and the chain of the order its exemplars name.</summary>
/// <param name="Chain">The unrolled order the completion must follow.</param>
/// <param name="Query">Start, goal and exemplar context.</param>
public sealed record MotifTrial(MotifChain Chain, MotifQuery Query);

/// <summary>
/// One A7 trial: two orders of three motifs with the same first and last motif and different middles,
/// one query (start, goal) reachable along both, and one exemplar chain per order (its two junctions).
/// </summary>
/// <param name="A">First order's chain.</param>
/// <param name="B">Second order's chain.</param>
/// <param name="Start">Global start node (source layer of the shared first motif).</param>
/// <param name="Goal">Global goal node (sink layer of the shared last motif).</param>
/// <param name="ExemplarsA">Junction exemplars of A, in chain order.</param>
/// <param name="ExemplarsB">Junction exemplars of B, in chain order.</param>
public sealed record ConflictTrial(MotifChain A, MotifChain B, int Start, int Goal,
    IReadOnlyList<(int From, int To)> ExemplarsA, IReadOnlyList<(int From, int To)> ExemplarsB)
{
    /// <summary>The query with <paramref name="aFirst"/> choosing which exemplar chain is shown first; the
    /// order recorded in it is the first-shown one.</summary>
    public MotifQuery Query(bool aFirst) => aFirst
        ? new MotifQuery(A.Order, Start, Goal, [.. ExemplarsA, .. ExemplarsB])
        : new MotifQuery(B.Order, Start, Goal, [.. ExemplarsB, .. ExemplarsA]);
}

/// <summary>Draws and completes the trials of A6 and A7 (all draws from an explicit generator).</summary>
public static class MotifTrials
{
    /// <summary><paramref name="count"/> trials: order i drawn uniformly from <paramref name="orders"/>, then a
    /// query on it (<see cref="MotifChain.SampleQuery"/>: fixed-size shuffled exemplar context).</summary>
    public static MotifTrial[] Sample(MotifTask task, IReadOnlyList<int[]> orders, int count, Random rng)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(rng);
        if (orders.Count == 0) throw new ArgumentException("Need at least one order to draw trials from.", nameof(orders));
        var chains = orders.Select(task.Set.Chain).ToArray();
        var trials = new MotifTrial[count];
        for (int i = 0; i < count; i++)
        {
            var chain = chains[UniformRandom.NextIndex(rng, chains.Length)];
            trials[i] = new MotifTrial(chain, chain.SampleQuery(rng));
        }
        return trials;
    }

    /// <summary>
    /// <paramref name="count"/> conflict trials: first motif a, last motif c, middles b ≠ d, all distinct and
    /// uniform; the query is drawn on (a, b, c) and is reachable along (a, d, c) too, because ghost edges
    /// enter every source of c and every source of a middle motif reaches its sink layer.
    /// </summary>
    public static ConflictTrial[] SampleConflicts(MotifTask task, int count, Random rng)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(rng);
        int k = task.Set.MotifCount;
        if (k < 4) throw new ArgumentException($"A conflict needs 4 distinct motifs; the task has {k}.", nameof(task));
        var trials = new ConflictTrial[count];
        for (int i = 0; i < count; i++)
        {
            var motifs = Enumerable.Range(0, k).ToArray();
            UniformRandom.Shuffle(rng, motifs);
            var a = task.Set.Chain([motifs[0], motifs[1], motifs[2]]);
            var b = task.Set.Chain([motifs[0], motifs[3], motifs[2]]);
            var query = a.SampleQuery(rng);
            if (!b.TryToChain(query.Goal, out int goal) || !b.TryToChain(query.Start, out int start) || !b.Paths(goal).CanReach(start))
                throw new InvalidOperationException($"Goal {query.Goal} is reachable along [{string.Join(",", a.Order)}] but not [{string.Join(",", b.Order)}]; motifs must give every non-final node a successor.");
            trials[i] = new ConflictTrial(a, b, query.Start, query.Goal, a.SampleExemplars(rng), b.SampleExemplars(rng));
        }
        return trials;
    }

    /// <summary>Greedy (T = 0) completions of <paramref name="queries"/> (one per query, END included if produced).</summary>
    public static int[][] Greedy(ICompletionSource source, MotifTask task, IReadOnlyList<(MotifChain Chain, MotifQuery Query)> queries)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count == 0) return [];
        var prompts = queries.Select(q => q.Chain.Prompt(q.Query)).ToArray();
        // Prompt + completion of the longest example: T + 1 tokens (the model's context, MotifTrainingPlan).
        int context = Math.Min(task.ContextLength + 1, source.ContextLength ?? int.MaxValue);
        int longest = prompts.Max(p => p.Length);
        if (longest > context)
            throw new ArgumentException($"A prompt of {longest} tokens does not fit the context of {context}.", nameof(queries));
        var options = new SamplingOptions
        {
            Temperature = 0,
            StopToken = task.Set.Tokens.End,
            MaxNewTokens = context - longest,
        };
        return source.Generate(prompts, options);
    }

    /// <summary>Per trial 1 if its greedy completion follows the trial's order (<see cref="Follows"/>), else 0.</summary>
    public static double[] Success(ICompletionSource source, MotifTask task, IReadOnlyList<MotifTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var completions = Greedy(source, task, [.. trials.Select(t => (t.Chain, t.Query))]);
        return [.. trials.Select((t, i) => Follows(t.Chain, t.Query, completions[i]) ? 1.0 : 0.0)];
    }

    /// <summary>Whether a completion is a valid path along <paramref name="chain"/> (crossing motifs exactly
    /// in its order, start → goal, then END).</summary>
    public static bool Follows(MotifChain chain, MotifQuery query, ReadOnlySpan<int> completion)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return chain.Score(query, completion).Outcome == PathOutcome.Valid;
    }
}
