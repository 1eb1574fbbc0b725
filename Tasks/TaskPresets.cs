using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;

namespace GraphNav.Tasks;

/// <summary>A named recipe for a <see cref="GraphTask"/>: generator, parameters, context, split, format.</summary>
/// <param name="Name">Registry name, e.g. "bernoulli-quick".</param>
/// <param name="Kind">"bernoulli" (parameters n, p) or "hierarchical" (parameters layers, width, p).</param>
/// <param name="Parameters">Generator parameters by name.</param>
/// <param name="ContextLength">T.</param>
/// <param name="TrainFraction">Fraction of reachable pairs used for training.</param>
/// <param name="Format">Sequence format.</param>
/// <param name="Pairs">How train/test pairs are chosen.</param>
public sealed record TaskPreset(string Name, string Kind, IReadOnlyDictionary<string, double> Parameters,
    int ContextLength, double TrainFraction, SequenceFormat Format, PairPolicy Pairs = PairPolicy.ReachableSplit)
{
    /// <summary>
    /// Builds the task for <paramref name="seed"/>: one <c>new Random(seed)</c> draws the graph, then the
    /// pairs (<see cref="PairPolicy"/>). The graph and pairs depend on the seed only, not on the format,
    /// so the stepwise and direct A1 presets share them.
    /// </summary>
    public GraphTask Create(int seed)
    {
        var rng = new Random(seed);
        var dag = GenerateGraph(Kind, Parameters, rng);
        NodePair[] train, test;
        if (Pairs == PairPolicy.A1)
        {
            var set = A1Pairs.Build(dag, Integer(Parameters, "delta"), Real(Parameters, "far_train_fraction"),
                Integer(Parameters, "min_test_per_class"), rng);
            train = set.Train;
            test = [.. set.TestReachable.Concat(set.TestUnreachable).Order()];
        }
        else
            (train, test) = PairSets.Split(PairSets.ReachablePairs(dag), TrainFraction, rng);
        return new GraphTask(Name, Kind, Parameters, seed, dag, TokenMap.Default(dag.NodeCount), Format, ContextLength, train, test);
    }

    /// <summary>Draws a graph of <paramref name="kind"/> from its named parameters.</summary>
    public static Dag GenerateGraph(string kind, IReadOnlyDictionary<string, double> parameters, Random rng)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return kind switch
        {
            TaskKinds.Bernoulli => DagGenerators.Bernoulli(Integer(parameters, "n"), Real(parameters, "p"), rng),
            TaskKinds.Hierarchical => DagGenerators.Hierarchical(Integer(parameters, "layers"), Integer(parameters, "width"), Real(parameters, "p"), rng),
            _ => throw new ArgumentException($"Unknown graph kind '{kind}'; expected '{TaskKinds.Bernoulli}' or '{TaskKinds.Hierarchical}'.", nameof(kind)),
        };
    }

    private static double Real(IReadOnlyDictionary<string, double> parameters, string name) =>
        parameters.TryGetValue(name, out double v) ? v : throw new ArgumentException($"Missing generator parameter '{name}'.", nameof(parameters));

    private static int Integer(IReadOnlyDictionary<string, double> parameters, string name)
    {
        double v = Real(parameters, name);
        return v == Math.Floor(v) && v is >= int.MinValue and <= int.MaxValue
            ? (int)v
            : throw new ArgumentException($"Generator parameter '{name}' = {v} must be an integer.", nameof(parameters));
    }
}

/// <summary>How a preset chooses its train and test pairs.</summary>
public enum PairPolicy
{
    /// <summary>All reachable pairs, seeded split by <see cref="TaskPreset.TrainFraction"/>.</summary>
    ReachableSplit,
    /// <summary>The A1 sets of <see cref="A1Pairs.Build"/> (both classes; parameters delta,
    /// far_train_fraction, min_test_per_class); TrainFraction is unused.</summary>
    A1,
}

/// <summary>Graph kinds as written in task files.</summary>
public static class TaskKinds
{
    /// <summary><c>bernoulli(N, p)</c>.</summary>
    public const string Bernoulli = "bernoulli";
    /// <summary><c>hierarchical(L, W, p)</c>.</summary>
    public const string Hierarchical = "hierarchical";
    /// <summary>A user's own graph brought in by <see cref="Files.GraphImport"/> (no generator).</summary>
    public const string Imported = "imported";
    /// <summary>Motif chains with exemplars (<see cref="Motifs.MotifTask"/>).</summary>
    public const string Motif = "motif";
    /// <summary>LEGO chains (paper B), see <see cref="Files.LegoTaskFile"/>.</summary>
    public const string Lego = "lego";
}

/// <summary>The registry of named task presets.</summary>
public static class TaskPresets
{
    private static readonly Dictionary<string, double> A1Parameters = new()
    {
        ["layers"] = 10, ["width"] = 12, ["p"] = 0.15, ["delta"] = 2, ["far_train_fraction"] = 0.05, ["min_test_per_class"] = 100,
    };

    private static readonly TaskPreset[] All =
    [
        new("bernoulli-quick", TaskKinds.Bernoulli, new Dictionary<string, double> { ["n"] = 100, ["p"] = 0.1 }, 32, 0.8, SequenceFormat.Stepwise),
        new("bernoulli-paper", TaskKinds.Bernoulli, new Dictionary<string, double> { ["n"] = 200, ["p"] = 0.05 }, 32, 0.8, SequenceFormat.Stepwise),
        new("hierarchical-quick", TaskKinds.Hierarchical, new Dictionary<string, double> { ["layers"] = 10, ["width"] = 12, ["p"] = 0.15 }, 16, 0.8, SequenceFormat.Stepwise),
        new("hierarchical-paper", TaskKinds.Hierarchical, new Dictionary<string, double> { ["layers"] = 10, ["width"] = 20, ["p"] = 0.15 }, 16, 0.8, SequenceFormat.Stepwise),
        // A1 (docs/PHENOMENA.md §2): same graph and pairs for both formats at a given seed.
        new("a1-stepwise", TaskKinds.Hierarchical, A1Parameters, 16, 0, SequenceFormat.Stepwise, PairPolicy.A1),
        new("a1-direct", TaskKinds.Hierarchical, A1Parameters, 16, 0, SequenceFormat.Direct, PairPolicy.A1),
    ];

    /// <summary>Names of all presets.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    /// <summary>The preset called <paramref name="name"/> (case-sensitive).</summary>
    public static TaskPreset Get(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"Unknown task preset '{name}'. Known presets: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Shorthand for <c>Get(name).Create(seed)</c>.</summary>
    public static GraphTask Create(string name, int seed) => Get(name).Create(seed);
}
