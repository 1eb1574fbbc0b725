using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Paths;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Tasks.Motifs;

/// <summary>
/// A query of the exemplar format: the motif <paramref name="Order"/> the path must follow (used for
/// scoring), the global <paramref name="Start"/> and <paramref name="Goal"/>, and the ghost edges shown as
/// <paramref name="Exemplars"/> in the context (for A7 these may describe two conflicting orders).
/// </summary>
public sealed record MotifQuery(IReadOnlyList<int> Order, int Start, int Goal, IReadOnlyList<(int From, int To)> Exemplars);

/// <summary>
/// A motif order unrolled into one DAG: position i of the order holds motif Order[i] at chain nodes
/// [i·S, (i+1)·S); sink(i)×source(i+1) ghost edges join consecutive positions. Chain nodes translate to
/// global nodes (and tokens) with <see cref="ToGlobal"/>.
/// </summary>
public sealed class MotifChain
{
    private readonly MotifSet _set;
    private readonly int[] _position;        // [K] position of each motif in the order, -1 if absent
    private readonly GoalPaths?[] _paths;    // [k·S] lazily computed per chain goal

    internal MotifChain(MotifSet set, IReadOnlyList<int> order)
    {
        _set = set;
        if (order.Count < 1) throw new ArgumentException("A motif order needs at least one motif.", nameof(order));
        _position = new int[set.MotifCount];
        Array.Fill(_position, -1);
        for (int i = 0; i < order.Count; i++)
        {
            int m = order[i];
            if ((uint)m >= (uint)set.MotifCount) throw new ArgumentOutOfRangeException(nameof(order), m, $"Motif must be in [0, {set.MotifCount}).");
            if (_position[m] >= 0) throw new ArgumentException($"Motif {m} appears twice in the order.", nameof(order));
            _position[m] = i;
        }
        Order = [.. order];
        int s = set.MotifSize, width = s / set.LayerCount;
        var edges = new List<(int, int)>();
        var layers = new int[order.Count * s];
        for (int i = 0; i < order.Count; i++)
        {
            var motif = set.Motif(order[i]);
            for (int local = 0; local < s; local++)
            {
                layers[i * s + local] = i * set.LayerCount + motif.Layer(local);
                foreach (int next in motif.Successors(local)) edges.Add((i * s + local, i * s + next));
            }
            if (i + 1 < order.Count)   // ghost edges: every sink of position i to every source of i+1
                for (int a = 0; a < width; a++)
                    for (int b = 0; b < width; b++)
                        edges.Add((i * s + s - width + a, (i + 1) * s + b));
        }
        Dag = new Dag(order.Count * s, edges, layers);
        _paths = new GoalPaths?[Dag.NodeCount];
    }

    /// <summary>The motif order.</summary>
    public IReadOnlyList<int> Order { get; }

    /// <summary>The unrolled chain graph (chain node numbering).</summary>
    public Dag Dag { get; }

    /// <summary>Global node of a chain node.</summary>
    public int ToGlobal(int chainNode) => _set.GlobalNode(Order[chainNode / _set.MotifSize], chainNode % _set.MotifSize);

    /// <summary>Chain node of a global node; false if its motif is not in the order.</summary>
    public bool TryToChain(int globalNode, out int chainNode)
    {
        chainNode = -1;
        if ((uint)globalNode >= (uint)_set.NodeCount) return false;
        int position = _position[_set.MotifOf(globalNode)];
        if (position < 0) return false;
        chainNode = position * _set.MotifSize + globalNode % _set.MotifSize;
        return true;
    }

    /// <summary>Path algebra towards a chain goal (cached).</summary>
    public GoalPaths Paths(int chainGoal) =>
        Volatile.Read(ref _paths[chainGoal]) ?? Interlocked.CompareExchange(ref _paths[chainGoal], new GoalPaths(Dag, chainGoal), null) ?? _paths[chainGoal]!;

    /// <summary>
    /// Draws a query on this order: start uniform in the source layer of the first motif, goal uniform
    /// among the sink-layer nodes of the last motif that the start reaches, then the exemplar context
    /// (<see cref="SampleContext"/>).
    /// </summary>
    public MotifQuery SampleQuery(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int s = _set.MotifSize, width = s / _set.LayerCount, k = Order.Count;
        while (true)
        {
            int start = rng.Next(width);
            var goals = Enumerable.Range((k - 1) * s + s - width, width).Where(g => Paths(g).CanReach(start)).ToArray();
            if (goals.Length == 0) continue;   // cannot happen when every non-final node has a successor; kept safe
            int goal = goals[rng.Next(goals.Length)];
            return new MotifQuery(Order, ToGlobal(start), ToGlobal(goal), SampleContext(rng));
        }
    }

    /// <summary>
    /// The exemplar context of a query: always K − 1 ghost edges (K = motifs in the set), one leaving each
    /// motif except the order's last — the order's own junctions (<see cref="SampleExemplars"/>) and, for
    /// every motif outside the order, a distractor junction to a uniformly drawn other motif — in uniformly
    /// shuffled order.
    /// </summary>
    /// <remarks>
    /// Why a fixed-size, shuffled context (our design; the paper's code is not public): the query then
    /// sits at the same positions for every chain length, so a test chain of K_train + 2 motifs differs
    /// from training only in the path it asks for, and an A7 context (two conflicting chains of three
    /// motifs, 4 exemplars) has exactly the training layout. Distractors leave from motifs the path never
    /// visits, so the context still names exactly one order; the model must pick the exemplar of the
    /// motif it is in by content, and training never ties relevance to a slot, which would build a
    /// primacy or recency preference into A7 by construction.
    /// </remarks>
    public (int From, int To)[] SampleContext(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int s = _set.MotifSize, width = s / _set.LayerCount, k = _set.MotifCount;
        var context = new List<(int, int)>(SampleExemplars(rng));
        for (int m = 0; m < k; m++)
        {
            if (_position[m] >= 0) continue;
            int to = UniformRandom.NextIndex(rng, k - 1);
            if (to >= m) to++;   // uniform over the other motifs
            context.Add((_set.GlobalNode(m, s - width + rng.Next(width)), _set.GlobalNode(to, rng.Next(width))));
        }
        var shuffled = context.ToArray();
        UniformRandom.Shuffle(rng, shuffled);
        return shuffled;
    }

    /// <summary>
    /// One exemplar per junction of the order: a ghost edge (global nodes) from a uniform sink of motif i
    /// to a uniform source of motif i+1. Exemplars depend only on the order, so A7 builds a conflicting
    /// context by concatenating the exemplars of two orders of three motifs that share first and last motif
    /// (the goal is then reachable along both, since ghost edges enter every source of the last motif; with
    /// five motifs the four exemplars fill the training context exactly).
    /// </summary>
    public (int From, int To)[] SampleExemplars(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int s = _set.MotifSize, width = s / _set.LayerCount;
        var exemplars = new (int, int)[Order.Count - 1];
        for (int i = 0; i + 1 < Order.Count; i++)
            exemplars[i] = (ToGlobal(i * s + s - width + rng.Next(width)), ToGlobal((i + 1) * s + rng.Next(width)));
        return exemplars;
    }

    /// <summary>The prompt <c>EXEMPLAR u1 v1 … EXEMPLAR goal start :</c> of a query (for generation).</summary>
    public int[] Prompt(MotifQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tokens = _set.Tokens;
        var ids = new List<int>(query.Exemplars.Count * 3 + 4);
        foreach (var (from, to) in query.Exemplars) ids.AddRange([tokens.Exemplar, tokens.Node(from), tokens.Node(to)]);
        ids.AddRange([tokens.Exemplar, tokens.Node(query.Goal), tokens.Node(query.Start), tokens.Colon]);
        return [.. ids];
    }

    /// <summary>
    /// Prompt + completion in the exemplar format for <paramref name="query"/>:
    /// <c>EXEMPLAR u1 v1 … EXEMPLAR goal start :</c> + <c>start … goal END</c>, the path drawn uniformly among
    /// the chain's start→goal paths.
    /// </summary>
    public Example Encode(MotifQuery query, Random rng)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (start, goal) = ChainPair(query);
        var path = Paths(goal).SamplePath(start, rng);
        var ids = new List<int>(Prompt(query));
        int lossFrom = ids.Count;
        foreach (int node in path) ids.Add(_set.Tokens.Node(ToGlobal(node)));
        ids.Add(_set.Tokens.End);
        return new Example([.. ids], lossFrom);
    }

    /// <summary>
    /// Scores a completion against this order (outcomes as <see cref="CompletionScorer.ScoreReachable"/>):
    /// a node of a motif outside the order, or a jump between motifs that are not consecutive in it, is a
    /// misstep. The returned path is in global nodes.
    /// </summary>
    public ScoredCompletion Score(MotifQuery query, ReadOnlySpan<int> completion)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (start, goal) = ChainPair(query);
        var tokens = _set.Tokens;
        // Translate global node tokens to chain tokens; nodes outside the chain become an off-vocabulary id.
        var chainTokens = TokenMap.Default(Dag.NodeCount);
        int offVocabulary = chainTokens.VocabularySize;
        var translated = new int[completion.Length];
        for (int i = 0; i < completion.Length; i++)
            translated[i] = tokens.TryGetNode(completion[i], out int node)
                ? (TryToChain(node, out int c) ? chainTokens.Node(c) : offVocabulary)
                : completion[i] >= tokens.NodeBase ? offVocabulary : completion[i];
        var scored = CompletionScorer.ScoreReachable(Dag, chainTokens, start, goal, translated);
        return scored with { Path = [.. scored.Path.Select(ToGlobal)] };
    }

    private (int Start, int Goal) ChainPair(MotifQuery query)
    {
        if (!TryToChain(query.Start, out int start) || start / _set.MotifSize != 0)
            throw new ArgumentException($"Start {query.Start} is not in the first motif ({Order[0]}) of the order.", nameof(query));
        if (!TryToChain(query.Goal, out int goal) || !Paths(goal).CanReach(start))
            throw new ArgumentException($"Goal {query.Goal} is not reachable from start {query.Start} along order [{string.Join(", ", Order)}].", nameof(query));
        return (start, goal);
    }
}
