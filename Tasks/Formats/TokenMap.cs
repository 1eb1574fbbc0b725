namespace GraphNav.Tasks.Formats;

/// <summary>
/// The token→id map of a graph task: up to six special tokens and one id per node (node k → NodeBase + k).
/// Defaults (docs/PHENOMENA.md §1): PAD 0, ':' 1, END 2, PATH 3, NOPATH 4, EXEMPLAR 5, node k → 6 + k.
/// A map may leave out the specials its task does not use (a model trained elsewhere has no reason to
/// reserve ids for PATH or EXEMPLAR); asking an absent token's id throws InvalidDataException, naming it.
/// </summary>
public sealed record TokenMap
{
    /// <summary>Names of the special tokens as written in task files.</summary>
    public const string PadName = "PAD", ColonName = ":", EndName = "END", PathName = "PATH",
        NoPathName = "NOPATH", ExemplarName = "EXEMPLAR";

    /// <summary>Every special token name, in default-id order.</summary>
    public static IReadOnlyList<string> SpecialNames { get; } = [PadName, ColonName, EndName, PathName, NoPathName, ExemplarName];

    // Absent specials hold −1: generated ids are never negative, so comparisons against an absent token
    // are simply false (a scorer never mistakes a node for a token the task does not have).
    private const int Absent = -1;
    private readonly int _pad, _colon, _end, _path, _noPath, _exemplar;

    /// <summary>Creates a map with all six specials and checks that no two tokens share an id.</summary>
    public TokenMap(int pad, int colon, int end, int path, int noPath, int exemplar, int nodeBase, int nodeCount)
        : this(new Dictionary<string, int>
        {
            [PadName] = pad, [ColonName] = colon, [EndName] = end, [PathName] = path, [NoPathName] = noPath, [ExemplarName] = exemplar,
        }, nodeBase, nodeCount)
    {
    }

    /// <summary>
    /// Creates a map from the specials a task declares (any subset of <see cref="SpecialNames"/>) and checks
    /// that ids are non-negative and that no two tokens share an id.
    /// </summary>
    public TokenMap(IReadOnlyDictionary<string, int> specials, int nodeBase, int nodeCount)
    {
        ArgumentNullException.ThrowIfNull(specials);
        if (nodeCount < 1)
            throw new ArgumentOutOfRangeException(nameof(nodeCount), nodeCount, "A token map needs at least one node.");
        if (nodeBase < 0)
            throw new ArgumentException($"Node id base {nodeBase} is negative.");
        foreach (var name in specials.Keys)
            if (!SpecialNames.Contains(name))
                throw new ArgumentException($"Unknown special token '{name}'; the known ones are {string.Join(", ", SpecialNames.Select(n => $"'{n}'"))}.");
        NodeBase = nodeBase;
        NodeCount = nodeCount;
        var seen = new Dictionary<int, string>();
        int Take(string name)
        {
            if (!specials.TryGetValue(name, out int id)) return Absent;
            if (id < 0)
                throw new ArgumentException($"Token '{name}' has negative id {id}.");
            if (id >= nodeBase && id - nodeBase < nodeCount)
                throw new ArgumentException($"Token id collision: '{name}' = {id} is also the id of node {id - nodeBase}.");
            if (!seen.TryAdd(id, name))
                throw new ArgumentException($"Token id collision: '{name}' and '{seen[id]}' both have id {id}.");
            return id;
        }
        _pad = Take(PadName); _colon = Take(ColonName); _end = Take(EndName);
        _path = Take(PathName); _noPath = Take(NoPathName); _exemplar = Take(ExemplarName);
        VocabularySize = Math.Max(nodeBase + nodeCount, seen.Count == 0 ? 0 : seen.Keys.Max() + 1);
    }

    /// <summary>The default map for <paramref name="nodeCount"/> nodes (vocabulary 6 + N).</summary>
    public static TokenMap Default(int nodeCount) => new(0, 1, 2, 3, 4, 5, 6, nodeCount);

    /// <summary>Padding id (never a loss target).</summary>
    public int Pad => Require(_pad, PadName);
    /// <summary>Id of ':' which closes the prompt.</summary>
    public int Colon => Require(_colon, ColonName);
    /// <summary>End-of-completion id; generation stops here.</summary>
    public int End => Require(_end, EndName);
    /// <summary>Direct-format answer "a path exists".</summary>
    public int Path => Require(_path, PathName);
    /// <summary>Answer "no path exists" (direct and stepwise formats).</summary>
    public int NoPath => Require(_noPath, NoPathName);
    /// <summary>Separator before each exemplar and before the query (exemplar format).</summary>
    public int Exemplar => Require(_exemplar, ExemplarName);
    /// <summary>Id of node 0; node k has id NodeBase + k.</summary>
    public int NodeBase { get; }
    /// <summary>Number of nodes N.</summary>
    public int NodeCount { get; }
    /// <summary>Number of ids the map spans (largest id + 1); 6 + N for the default map.</summary>
    public int VocabularySize { get; }

    /// <summary>The special tokens the map declares, by name, in default-id order.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Specials =>
        [.. SpecialNames.Select(name => new KeyValuePair<string, int>(name, IdOrAbsent(name))).Where(kv => kv.Value != Absent)];

    /// <summary>True iff the map declares the special token <paramref name="name"/>.</summary>
    public bool Has(string name) => IdOrAbsent(name) != Absent;

    /// <summary>The id of the special token <paramref name="name"/>, or null when the map does not declare it.</summary>
    public int? Find(string name) => IdOrAbsent(name) is var id && id != Absent ? id : null;

    /// <summary>True iff <paramref name="id"/> is one of the special tokens the map declares.</summary>
    public bool IsSpecial(int id) => id != Absent && (id == _pad || id == _colon || id == _end || id == _path || id == _noPath || id == _exemplar);

    /// <summary>True iff <paramref name="id"/> is END (false when the map has no END).</summary>
    public bool IsEnd(int id) => _end != Absent && id == _end;
    /// <summary>True iff <paramref name="id"/> is PATH (false when the map has no PATH).</summary>
    public bool IsPath(int id) => _path != Absent && id == _path;
    /// <summary>True iff <paramref name="id"/> is NOPATH (false when the map has no NOPATH).</summary>
    public bool IsNoPath(int id) => _noPath != Absent && id == _noPath;

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

    private int IdOrAbsent(string name) => name switch
    {
        PadName => _pad, ColonName => _colon, EndName => _end, PathName => _path, NoPathName => _noPath, ExemplarName => _exemplar,
        _ => throw new ArgumentException($"Unknown special token '{name}'.", nameof(name)),
    };

    private static int Require(int id, string name) => id != Absent
        ? id
        // Bad task data rather than a bug: a task file that left the token out is used where it is needed
        // (e.g. training pads batches with PAD), so the user gets a one-line error naming the token.
        : throw new InvalidDataException($"The task's token map declares no '{name}' token, but this use needs one: add \"{name}\" to the task's tokens.");
}
