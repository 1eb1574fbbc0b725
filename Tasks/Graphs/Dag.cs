namespace GraphNav.Tasks.Graphs;

/// <summary>
/// A directed acyclic graph whose nodes 0..N-1 are numbered in topological order: every edge goes
/// from a lower to a higher number. Immutable; successor lists are sorted ascending.
/// </summary>
public sealed class Dag
{
    private readonly int[][] _successors;   // [N][out-degree], ascending
    private readonly ulong[] _adjacency;    // [N * words] bit rows: bit j of row i set iff i→j
    private readonly int _words;            // 64-bit words per adjacency row
    private readonly int[]? _layers;        // [N] layer index per node, or null

    /// <summary>Builds a DAG from an explicit edge list.</summary>
    /// <param name="nodeCount">N ≥ 2.</param>
    /// <param name="edges">Edges (from, to) with 0 ≤ from &lt; to &lt; N, no duplicates.</param>
    /// <param name="layers">Optional layer index per node (length N, non-decreasing, every edge
    /// joining layer l to l+1); null for graphs without layers.</param>
    public Dag(int nodeCount, IEnumerable<(int From, int To)> edges, IReadOnlyList<int>? layers = null)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (nodeCount < 2)
            throw new ArgumentOutOfRangeException(nameof(nodeCount), nodeCount, "A DAG needs at least 2 nodes.");
        NodeCount = nodeCount;
        _words = (nodeCount + 63) / 64;
        _adjacency = new ulong[nodeCount * _words];
        var lists = new List<int>[nodeCount];
        for (int i = 0; i < nodeCount; i++) lists[i] = [];
        foreach (var (from, to) in edges)
        {
            if (from < 0 || to >= nodeCount || from >= to)
                throw new ArgumentException(
                    $"Edge {from}→{to} is invalid: edges must satisfy 0 ≤ from < to < {nodeCount} (topological numbering).",
                    nameof(edges));
            ref ulong word = ref _adjacency[from * _words + (to >> 6)];
            ulong bit = 1UL << (to & 63);
            if ((word & bit) != 0)
                throw new ArgumentException($"Edge {from}→{to} appears twice.", nameof(edges));
            word |= bit;
            lists[from].Add(to);
            EdgeCount++;
        }
        _successors = new int[nodeCount][];
        for (int i = 0; i < nodeCount; i++)
        {
            lists[i].Sort();
            _successors[i] = [.. lists[i]];
        }
        if (layers is not null)
        {
            if (layers.Count != nodeCount)
                throw new ArgumentException($"Layer list has {layers.Count} entries, expected one per node ({nodeCount}).", nameof(layers));
            _layers = [.. layers];
            for (int i = 0; i < nodeCount; i++)
            {
                if (_layers[i] < 0 || (i > 0 && _layers[i] < _layers[i - 1]))
                    throw new ArgumentException($"Layer of node {i} is {_layers[i]}: layers must be ≥ 0 and non-decreasing in node order.", nameof(layers));
                foreach (int j in _successors[i])
                    if (_layers[j] != _layers[i] + 1)
                        throw new ArgumentException($"Edge {i}→{j} joins layer {_layers[i]} to {_layers[j]}; a layered DAG only has edges l→l+1.", nameof(layers));
            }
            LayerCount = _layers[^1] + 1;
        }
    }

    /// <summary>Number of nodes N.</summary>
    public int NodeCount { get; }

    /// <summary>Number of edges.</summary>
    public int EdgeCount { get; }

    /// <summary>True when every node has a layer index (hierarchical graphs).</summary>
    public bool IsLayered => _layers is not null;

    /// <summary>Number of layers (max layer + 1), or 0 when the graph has no layers.</summary>
    public int LayerCount { get; }

    /// <summary>Successors of <paramref name="node"/>, ascending.</summary>
    public ReadOnlySpan<int> Successors(int node)
    {
        CheckNode(node);
        return _successors[node];
    }

    /// <summary>True iff the edge from→to exists. Both must be nodes of the graph.</summary>
    public bool HasEdge(int from, int to)
    {
        CheckNode(from);
        CheckNode(to);
        return (_adjacency[from * _words + (to >> 6)] & (1UL << (to & 63))) != 0;
    }

    /// <summary>Layer index of <paramref name="node"/>; throws when the graph has no layers.</summary>
    public int Layer(int node)
    {
        CheckNode(node);
        return _layers is null
            ? throw new InvalidOperationException("This DAG has no layers (it is not hierarchical).")
            : _layers[node];
    }

    /// <summary>A copy of the layer index per node, or null.</summary>
    public int[]? Layers => _layers is null ? null : [.. _layers];

    /// <summary>All edges in (from, to) lexicographic order.</summary>
    public IEnumerable<(int From, int To)> Edges()
    {
        for (int i = 0; i < NodeCount; i++)
            foreach (int j in _successors[i])
                yield return (i, j);
    }

    private void CheckNode(int node)
    {
        if ((uint)node >= (uint)NodeCount)
            throw new ArgumentOutOfRangeException(nameof(node), node, $"Node must be in [0, {NodeCount}).");
    }
}
