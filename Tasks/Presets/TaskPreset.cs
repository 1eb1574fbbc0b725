using GraphNav.Tasks.Formats;

namespace GraphNav.Tasks;

/// <summary>
/// A named recipe for a graph <see cref="GraphTask"/>: the graph family and its settings, how pairs are
/// split, the context length and the sequence format — every setting a typed, named field. The
/// registry is <see cref="TaskPresets"/>; motif and LEGO tasks have their own typed recipes
/// (<see cref="Motifs.MotifPreset"/>, <see cref="Lego.LegoSpec"/>).
/// </summary>
/// <param name="Name">Registry name, e.g. "bernoulli-quick".</param>
/// <param name="Graph">Which generator draws the DAG, with its settings.</param>
/// <param name="Pairs">How train and test pairs are chosen.</param>
/// <param name="ContextLength">T.</param>
/// <param name="Format">Sequence format.</param>
public sealed record TaskPreset(string Name, GraphRecipe Graph, PairSplit Pairs, int ContextLength, SequenceFormat Format)
{
    /// <summary>The graph kind as written in task files.</summary>
    public string Kind => Graph.Kind;

    /// <summary>The graph's and the split's settings by their task-file names (what <see cref="GraphTask.Parameters"/> and task files hold).</summary>
    public IReadOnlyDictionary<string, double> Parameters => new Dictionary<string, double>(Graph.Parameters.Concat(Pairs.Parameters));

    /// <summary>
    /// Builds the task for <paramref name="seed"/>: one <c>new Random(seed)</c> draws the graph, then the
    /// pairs (<see cref="Pairs"/>). The graph and pairs depend on the seed only, not on the format,
    /// so the stepwise and direct A1 presets share them.
    /// </summary>
    public GraphTask Create(int seed)
    {
        var rng = new Random(seed);
        var dag = Graph.Generate(rng);
        var (train, test) = Pairs.Draw(dag, rng);
        return new GraphTask(Name, Kind, Parameters, seed, dag, TokenMap.Default(dag.NodeCount), Format, ContextLength, train, test);
    }
}
