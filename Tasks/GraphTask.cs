using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Paths;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Tasks;

/// <summary>
/// A graph-navigation task: the DAG, its token map, the sequence format, the context length and the
/// explicit train and test pairs. Created from a preset and a seed (<see cref="TaskPresets"/>) or
/// loaded from a task file (<see cref="Files.TaskFile"/>); immutable and thread-safe.
/// </summary>
public sealed class GraphTask
{
    private readonly GoalPaths?[] _paths;   // [N] lazily computed path algebra per goal

    /// <summary>Builds a task and checks that every pair is in range and fits the context.</summary>
    /// <param name="name">Preset name or a free label.</param>
    /// <param name="kind">Generator kind: "bernoulli" or "hierarchical".</param>
    /// <param name="parameters">Generator parameters by name (e.g. n, p, layers, width, delta).</param>
    /// <param name="seed">Seed the graph and split were drawn with (recorded, not re-used).</param>
    /// <param name="dag">The graph.</param>
    /// <param name="tokens">Token map; its node count must equal the graph's.</param>
    /// <param name="format">Sequence format.</param>
    /// <param name="contextLength">T: every example must satisfy Ids.Length − 1 ≤ T.</param>
    /// <param name="trainPairs">Training pairs (may include unreachable pairs, answered NOPATH).</param>
    /// <param name="testPairs">Held-out pairs.</param>
    public GraphTask(string name, string kind, IReadOnlyDictionary<string, double> parameters, int seed, Dag dag,
        TokenMap tokens, SequenceFormat format, int contextLength, IReadOnlyList<NodePair> trainPairs, IReadOnlyList<NodePair> testPairs)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(trainPairs);
        ArgumentNullException.ThrowIfNull(testPairs);
        if (tokens.NodeCount != dag.NodeCount)
            throw new ArgumentException($"Token map covers {tokens.NodeCount} nodes but the graph has {dag.NodeCount}.", nameof(tokens));
        if (!Enum.IsDefined(format))
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sequence format.");
        if (trainPairs.Count == 0)
            throw new ArgumentException("A task needs at least one training pair.", nameof(trainPairs));
        Name = name;
        Kind = kind;
        Parameters = new Dictionary<string, double>(parameters);
        Seed = seed;
        Dag = dag;
        Tokens = tokens;
        Format = format;
        ContextLength = contextLength;
        TrainPairs = [.. trainPairs];
        TestPairs = [.. testPairs];
        _paths = new GoalPaths?[dag.NodeCount];
        int longest = 0;
        foreach (var (pair, split) in TrainPairs.Select(p => (p, "train")).Concat(TestPairs.Select(p => (p, "test"))))
        {
            if ((uint)pair.Start >= (uint)dag.NodeCount || (uint)pair.Goal >= (uint)dag.NodeCount || pair.Start == pair.Goal)
                throw new ArgumentException($"{split} pair ({pair.Start}, {pair.Goal}) is invalid: nodes must differ and lie in [0, {dag.NodeCount}).");
            longest = Math.Max(longest, MaxSequenceLength(pair));
        }
        if (longest - 1 > contextLength)
            throw new ArgumentException(
                $"Context length {contextLength} is too short: the longest sequence of this task has {longest} tokens (needs T ≥ {longest - 1}).",
                nameof(contextLength));
        UsedSpecials = ComputeUsedSpecials();   // a task whose map lacks a token its sequences need is refused here
    }

    /// <summary>
    /// The special tokens this task's sequences contain, by name → id: ':' and END always; NOPATH when a
    /// pair is unreachable; PATH in the direct format when a pair is reachable. PAD is not among them: it
    /// only fills batches (training needs it, evaluation does not).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, int>> UsedSpecials { get; }

    private List<KeyValuePair<string, int>> ComputeUsedSpecials()
    {
        var pairs = TrainPairs.Concat(TestPairs);
        bool anyUnreachable = pairs.Any(p => !IsReachable(p));
        bool anyReachable = pairs.Any(IsReachable);
        var names = new List<string> { TokenMap.ColonName, TokenMap.EndName };
        if (Format == SequenceFormat.Direct && anyReachable) names.Add(TokenMap.PathName);
        if (anyUnreachable) names.Add(TokenMap.NoPathName);
        var missing = names.Where(n => !Tokens.Has(n)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException(
                $"The token map declares no {string.Join(", ", missing.Select(n => $"'{n}'"))}, which this {FormatName} task's sequences use: add {(missing.Length == 1 ? "it" : "them")} to the task's tokens.");
        return [.. names.Select(n => new KeyValuePair<string, int>(n, Tokens.Find(n)!.Value))];
    }

    private string FormatName => Format == SequenceFormat.Direct ? "direct" : "stepwise";

    /// <summary>
    /// Refuses a model whose outputs (ids 0 … <paramref name="modelVocabulary"/> − 1) do not cover every id
    /// this task's sequences use — the nodes and <see cref="UsedSpecials"/> — naming the first uncovered
    /// token. A larger model vocabulary is fine; PAD is not checked (evaluation pads nothing).
    /// </summary>
    /// <exception cref="ArgumentException">An id the task needs is ≥ <paramref name="modelVocabulary"/>.</exception>
    public void RequireVocabulary(int modelVocabulary, string modelDescription)
    {
        int lastNode = Tokens.Node(Dag.NodeCount - 1);
        string? uncovered = UsedSpecials.Where(kv => kv.Value >= modelVocabulary).Select(kv => $"token '{kv.Key}' (id {kv.Value})").FirstOrDefault();
        if (uncovered is null && lastNode >= modelVocabulary) uncovered = $"node {Dag.NodeCount - 1} (id {lastNode})";
        if (uncovered is not null)
            throw new ArgumentException(
                $"{modelDescription} outputs {modelVocabulary} ids (0–{modelVocabulary - 1}) but task '{Name}' needs {uncovered}: " +
                "the task's token ids are not the model's. Pass a task file written in the model's ids (graphnav task export --tokens, or graphnav task import).");
    }

    /// <summary>Preset name or label.</summary>
    public string Name { get; }
    /// <summary>Generator kind ("bernoulli", "hierarchical").</summary>
    public string Kind { get; }
    /// <summary>Generator parameters by name.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; }
    /// <summary>Seed the graph and split were drawn with.</summary>
    public int Seed { get; }
    /// <summary>The graph.</summary>
    public Dag Dag { get; }
    /// <summary>Token→id map.</summary>
    public TokenMap Tokens { get; }
    /// <summary>Sequence format of completions.</summary>
    public SequenceFormat Format { get; }
    /// <summary>T, the context length models are trained with.</summary>
    public int ContextLength { get; }
    /// <summary>Training pairs, sorted.</summary>
    public IReadOnlyList<NodePair> TrainPairs { get; }
    /// <summary>Held-out pairs, sorted.</summary>
    public IReadOnlyList<NodePair> TestPairs { get; }

    /// <summary>The same task (graph, pairs, format, context) written in other token ids.</summary>
    public GraphTask WithTokens(TokenMap tokens) =>
        new(Name, Kind, Parameters, Seed, Dag, tokens, Format, ContextLength, TrainPairs, TestPairs);

    /// <summary>Path algebra towards <paramref name="goal"/> (computed once, cached).</summary>
    public GoalPaths Paths(int goal)
    {
        if ((uint)goal >= (uint)_paths.Length)
            throw new ArgumentOutOfRangeException(nameof(goal), goal, $"Goal must be a node in [0, {_paths.Length}).");
        return Volatile.Read(ref _paths[goal]) ?? Interlocked.CompareExchange(ref _paths[goal], new GoalPaths(Dag, goal), null) ?? _paths[goal]!;
    }

    /// <summary>True iff the pair's goal is reachable from its start.</summary>
    public bool IsReachable(NodePair pair) => Paths(pair.Goal).CanReach(pair.Start);

    /// <summary>The prompt <c>goal start :</c> of a pair.</summary>
    public int[] Prompt(NodePair pair) => GraphEncoding.Prompt(Tokens, pair.Start, pair.Goal);

    /// <summary>
    /// Prompt + completion for a pair in this task's format; a reachable pair in the stepwise format gets
    /// a path drawn uniformly with <paramref name="rng"/>; unreachable pairs get <c>NOPATH END</c>.
    /// </summary>
    public Example Encode(NodePair pair, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var paths = Paths(pair.Goal);
        if (!paths.CanReach(pair.Start))
            return GraphEncoding.Encode(Tokens, Format, pair.Start, pair.Goal, null);
        int[] path = Format == SequenceFormat.Stepwise ? paths.SamplePath(pair.Start, rng) : [pair.Start, pair.Goal];
        return GraphEncoding.Encode(Tokens, Format, pair.Start, pair.Goal, path);
    }

    /// <summary>Scores a generated completion for a reachable pair (see <see cref="CompletionScorer.ScoreReachable"/>).</summary>
    public ScoredCompletion Score(NodePair pair, ReadOnlySpan<int> completion) =>
        CompletionScorer.ScoreReachable(Dag, Tokens, pair.Start, pair.Goal, completion);

    /// <summary>The A1 reachability decision of a completion in this task's format.</summary>
    public ReachabilityDecision Decide(NodePair pair, ReadOnlySpan<int> completion) =>
        CompletionScorer.Decide(Format, Dag, Tokens, pair.Start, pair.Goal, completion);

    /// <summary>Longest possible prompt + completion for a pair, in tokens.</summary>
    private int MaxSequenceLength(NodePair pair)
    {
        int longest = Paths(pair.Goal).LongestDistance(pair.Start);
        int completion = longest < 0 || Format == SequenceFormat.Direct ? 2 : longest + 2;   // nodes + END, or PATH/NOPATH END
        return GraphEncoding.PromptLength + completion;
    }
}
