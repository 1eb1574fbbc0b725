using GraphNav.Tasks.Graphs;

namespace GraphNav.Tasks;

/// <summary>The graph family of a <see cref="TaskPreset"/>: which generator draws the DAG, with its settings as named fields.</summary>
public abstract record GraphRecipe
{
    /// <summary>The kind as written in task files (<see cref="TaskKinds"/>).</summary>
    public abstract string Kind { get; }

    /// <summary>The settings by their task-file names, in the order task files have always written them.</summary>
    public abstract IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>Draws the graph from <paramref name="rng"/>.</summary>
    public abstract Dag Generate(Random rng);
}

/// <summary><c>bernoulli(N, p)</c>: every forward edge i → j (i &lt; j) present with probability p.</summary>
/// <param name="Nodes">N, the number of nodes (task-file name "n").</param>
/// <param name="EdgeProbability">p, the probability of each forward edge (task-file name "p").</param>
public sealed record BernoulliGraph(int Nodes, double EdgeProbability) : GraphRecipe
{
    /// <inheritdoc />
    public override string Kind => TaskKinds.Bernoulli;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Parameters => new Dictionary<string, double> { ["n"] = Nodes, ["p"] = EdgeProbability };

    /// <inheritdoc />
    public override Dag Generate(Random rng) => DagGenerators.Bernoulli(Nodes, EdgeProbability, rng);
}

/// <summary><c>hierarchical(L, W, p)</c>: L layers of W nodes, each edge from a layer to the next present with probability p.</summary>
/// <param name="Layers">L, the number of layers (task-file name "layers").</param>
/// <param name="Width">W, the nodes per layer (task-file name "width").</param>
/// <param name="EdgeProbability">p, the probability of each edge between consecutive layers (task-file name "p").</param>
public sealed record HierarchicalGraph(int Layers, int Width, double EdgeProbability) : GraphRecipe
{
    /// <inheritdoc />
    public override string Kind => TaskKinds.Hierarchical;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Parameters =>
        new Dictionary<string, double> { ["layers"] = Layers, ["width"] = Width, ["p"] = EdgeProbability };

    /// <inheritdoc />
    public override Dag Generate(Random rng) => DagGenerators.Hierarchical(Layers, Width, EdgeProbability, rng);
}
