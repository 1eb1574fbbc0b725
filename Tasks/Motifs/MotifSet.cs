using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;

namespace GraphNav.Tasks.Motifs;

/// <summary>
/// K small hierarchical DAGs ("motifs") side by side (docs/PHENOMENA.md §1, "Motif chain"), the graph of the
/// in-context phenomena A6 and A7.
/// </summary>
/// <remarks>
/// Design choices (ours; the paper's code is not public):
/// <list type="bullet">
/// <item>Node numbering: motif m owns the global nodes [m·S, (m+1)·S), S = layers·width, local node
///   numbering as in <see cref="DagGenerators.Hierarchical"/>. Tokens use the default map over K·S nodes.</item>
/// <item>A <em>ghost edge</em> a⇒b is any edge from the sink layer of motif a to the source layer of motif b
///   (a ≠ b). Ghost edges are not edges of any fixed graph: which motif follows which changes from
///   sequence to sequence and is stated only by the exemplars in the context, so the model cannot memorise
///   it. A completion may cross from motif a to motif b only if the query's order has b right after a.</item>
/// <item>For a motif order (m1 … mk) the navigable graph is the <see cref="MotifChain"/>: the k motifs
///   unrolled in that order with all ghost edges between consecutive ones, which is an ordinary DAG, so
///   path counting, uniform sampling and scoring reuse <see cref="Paths.GoalPaths"/> and
///   <see cref="Scoring.CompletionScorer"/>.</item>
/// </list>
/// </remarks>
public sealed class MotifSet
{
    private readonly Dag[] _motifs;

    /// <summary>Wraps K equally sized layered motifs.</summary>
    public MotifSet(IReadOnlyList<Dag> motifs)
    {
        ArgumentNullException.ThrowIfNull(motifs);
        if (motifs.Count < 1) throw new ArgumentException("A motif set needs at least one motif.", nameof(motifs));
        _motifs = [.. motifs];
        var first = _motifs[0];
        for (int m = 0; m < _motifs.Length; m++)
            if (!_motifs[m].IsLayered || _motifs[m].NodeCount != first.NodeCount || _motifs[m].LayerCount != first.LayerCount)
                throw new ArgumentException($"Motif {m} must be layered with {first.NodeCount} nodes in {first.LayerCount} layers like motif 0.", nameof(motifs));
        MotifSize = first.NodeCount;
        LayerCount = first.LayerCount;
        Tokens = TokenMap.Default(NodeCount);
    }

    /// <summary>Draws K motifs <c>hierarchical(layers, width, p)</c> in motif order from <paramref name="rng"/>.</summary>
    public static MotifSet Generate(int motifCount, int layers, int width, double p, Random rng)
    {
        if (motifCount < 1) throw new ArgumentOutOfRangeException(nameof(motifCount), motifCount, "Need at least one motif.");
        return new MotifSet([.. Enumerable.Range(0, motifCount).Select(_ => DagGenerators.Hierarchical(layers, width, p, rng))]);
    }

    /// <summary>K, the number of motifs.</summary>
    public int MotifCount => _motifs.Length;
    /// <summary>S, nodes per motif.</summary>
    public int MotifSize { get; }
    /// <summary>Layers per motif (source layer 0, sink layer LayerCount − 1).</summary>
    public int LayerCount { get; }
    /// <summary>K·S global nodes.</summary>
    public int NodeCount => MotifCount * MotifSize;
    /// <summary>Default token map over all global nodes (vocabulary 6 + K·S).</summary>
    public TokenMap Tokens { get; }

    /// <summary>Motif <paramref name="motif"/> with local node numbers.</summary>
    public Dag Motif(int motif) => _motifs[CheckMotif(motif)];

    /// <summary>Global node of a local node in a motif.</summary>
    public int GlobalNode(int motif, int local) => CheckMotif(motif) * MotifSize + local;

    /// <summary>Motif that owns a global node.</summary>
    public int MotifOf(int node) => node / MotifSize;

    /// <summary>
    /// The chain graph of <paramref name="order"/> (distinct motifs, length ≥ 1): the motifs unrolled in
    /// that order, joined by all ghost edges between consecutive motifs.
    /// </summary>
    public MotifChain Chain(IReadOnlyList<int> order) => new(this, order);

    private int CheckMotif(int motif) => (uint)motif < (uint)_motifs.Length
        ? motif
        : throw new ArgumentOutOfRangeException(nameof(motif), motif, $"Motif must be in [0, {_motifs.Length}).");
}
