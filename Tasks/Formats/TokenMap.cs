namespace GraphNav.Tasks.Formats;

/// <summary>
/// The token→id map of a graph task: six special tokens and one id per node (node k → NodeBase + k).
/// Defaults (docs/PHENOMENA.md §1): PAD 0, ':' 1, END 2, PATH 3, NOPATH 4, EXEMPLAR 5, node k → 6 + k.
/// </summary>
public sealed record TokenMap
{
    /// <summary>Names of the special tokens as written in task files.</summary>
    public const string PadName = "PAD", ColonName = ":", EndName = "END", PathName = "PATH",
        NoPathName = "NOPATH", ExemplarName = "EXEMPLAR";

    /// <summary>Creates a map and checks that no two tokens share an id.</summary>
    public TokenMap(int pad, int colon, int end, int path, int noPath, int exemplar, int nodeBase, int nodeCount)
    {
        if (nodeCount < 1)
            throw new ArgumentOutOfRangeException(nameof(nodeCount), nodeCount, "A token map needs at least one node.");
        Pad = pad; Colon = colon; End = end; Path = path; NoPath = noPath; Exemplar = exemplar;
        NodeBase = nodeBase; NodeCount = nodeCount;
        var specials = Specials;
        var seen = new Dictionary<int, string>();
        foreach (var (name, id) in specials)
        {
            if (id < 0)
                throw new ArgumentException($"Token '{name}' has negative id {id}.");
            if (id >= nodeBase && id < nodeBase + nodeCount)
                throw new ArgumentException($"Token id collision: '{name}' = {id} is also the id of node {id - nodeBase}.");
            if (!seen.TryAdd(id, name))
                throw new ArgumentException($"Token id collision: '{name}' and '{seen[id]}' both have id {id}.");
        }
        if (nodeBase < 0)
            throw new ArgumentException($"Node id base {nodeBase} is negative.");
        VocabularySize = Math.Max(nodeBase + nodeCount, specials.Max(s => s.Value) + 1);
    }

    /// <summary>The default map for <paramref name="nodeCount"/> nodes (vocabulary 6 + N).</summary>
    public static TokenMap Default(int nodeCount) => new(0, 1, 2, 3, 4, 5, 6, nodeCount);

    /// <summary>Padding id (never a loss target).</summary>
    public int Pad { get; }
    /// <summary>Id of ':' which closes the prompt.</summary>
    public int Colon { get; }
    /// <summary>End-of-completion id; generation stops here.</summary>
    public int End { get; }
    /// <summary>Direct-format answer "a path exists".</summary>
    public int Path { get; }
    /// <summary>Answer "no path exists" (direct and stepwise formats).</summary>
    public int NoPath { get; }
    /// <summary>Separator before each exemplar and before the query (exemplar format).</summary>
    public int Exemplar { get; }
    /// <summary>Id of node 0; node k has id NodeBase + k.</summary>
    public int NodeBase { get; }
    /// <summary>Number of nodes N.</summary>
    public int NodeCount { get; }
    /// <summary>Number of ids the task uses (largest id + 1); 6 + N for the default map.</summary>
    public int VocabularySize { get; }

    /// <summary>The special tokens by name, in id-default order.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Specials =>
    [
        new(PadName, Pad), new(ColonName, Colon), new(EndName, End),
        new(PathName, Path), new(NoPathName, NoPath), new(ExemplarName, Exemplar),
    ];

    /// <summary>Id of node <paramref name="node"/>.</summary>
    public int Node(int node) => (uint)node < (uint)NodeCount
        ? NodeBase + node
        : throw new ArgumentOutOfRangeException(nameof(node), node, $"Node must be in [0, {NodeCount}).");

    /// <summary>True iff <paramref name="id"/> is a node id; <paramref name="node"/> is then its node.</summary>
    public bool TryGetNode(int id, out int node)
    {
        node = id - NodeBase;
        if ((uint)node < (uint)NodeCount) return true;
        node = -1;
        return false;
    }
}
