using GraphNav.Tasks.Formats;

namespace GraphNav.Tasks;

/// <summary>The registry of named graph task presets (<c>graphnav task list</c>).</summary>
public static class TaskPresets
{
    /// <summary>Train fraction of the plain presets' reachable-pair split.</summary>
    private static readonly ReachableSplit EightyPercent = new(TrainFraction: 0.8);

    /// <summary>A1's graph and split (docs/PHENOMENA.md §2): the same graph and pairs for both formats at a given seed.</summary>
    private static readonly HierarchicalGraph A1Graph = new(Layers: 10, Width: 12, EdgeProbability: 0.15);
    private static readonly A1Split A1PairRule = new(Delta: 2, FarTrainFraction: 0.05, MinTestPerClass: 100);

    private static readonly TaskPreset[] All =
    [
        new("bernoulli-quick", new BernoulliGraph(Nodes: 100, EdgeProbability: 0.1), EightyPercent, ContextLength: 32, SequenceFormat.Stepwise),
        new("bernoulli-paper", new BernoulliGraph(Nodes: 200, EdgeProbability: 0.05), EightyPercent, ContextLength: 32, SequenceFormat.Stepwise),
        new("hierarchical-quick", new HierarchicalGraph(Layers: 10, Width: 12, EdgeProbability: 0.15), EightyPercent, ContextLength: 16, SequenceFormat.Stepwise),
        new("hierarchical-paper", new HierarchicalGraph(Layers: 10, Width: 20, EdgeProbability: 0.15), EightyPercent, ContextLength: 16, SequenceFormat.Stepwise),
        new("a1-stepwise", A1Graph, A1PairRule, ContextLength: 16, SequenceFormat.Stepwise),
        new("a1-direct", A1Graph, A1PairRule, ContextLength: 16, SequenceFormat.Direct),
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
