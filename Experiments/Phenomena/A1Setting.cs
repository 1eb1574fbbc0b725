using GraphNav.Tasks;
using GraphNav.Tasks.Formats;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// One A1 configuration: the two task presets (same graph and pairs per seed, stepwise and direct
/// format) and the optimiser steps of each model (batch 64, so tokens = steps · 64 · context).
/// The settings of each scale are in <see cref="A1Spec.Setting"/>.
/// </summary>
/// <param name="Label">Short name printed beside measurements, e.g. "W=12 Δ=2".</param>
/// <param name="Stepwise">Preset in the stepwise format.</param>
/// <param name="Direct">Preset in the direct format (identical generator and pair parameters).</param>
/// <param name="StepwiseSteps">Training steps of the stepwise model.</param>
/// <param name="DirectSteps">Training steps of the direct model.</param>
public sealed record A1Setting(string Label, TaskPreset Stepwise, TaskPreset Direct, int StepwiseSteps, int DirectSteps)
{
    /// <summary>Batch size of <see cref="Graph.GraphTrainingPlan.PaperA"/>.</summary>
    public const int BatchSize = 64;

    /// <summary>Layer-gap limit Δ of the training pairs.</summary>
    public int Delta => Split.Delta;

    /// <summary>The graph family both presets draw: hierarchical, or the Bernoulli analogue (<see cref="BernoulliAnalogue"/>).</summary>
    public GraphRecipe Graph => Stepwise.Graph;

    /// <summary>The graph as the record's "graph" parameter writes it.</summary>
    public string GraphDescription => Graph switch
    {
        HierarchicalGraph h => $"hierarchical L={h.Layers} W={h.Width} p={h.EdgeProbability}",
        BernoulliGraph b => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"bernoulli N={b.Nodes} p={b.EdgeProbability}, layer of node i = ⌊i/{Split.LayerWidth}⌋"),
        _ => throw new InvalidOperationException($"Preset '{Stepwise.Name}' draws a {Graph.Kind} graph; A1 runs hierarchical or Bernoulli graphs."),
    };

    /// <summary>The A1 pair split both presets use.</summary>
    public A1Split Split => Stepwise.Pairs as A1Split
        ?? throw new InvalidOperationException($"Preset '{Stepwise.Name}' does not use the A1 pair split.");

    /// <summary>Training tokens of the stepwise model (steps · batch · context).</summary>
    public long StepwiseTokens => (long)StepwiseSteps * BatchSize * Stepwise.ContextLength;

    /// <summary>Training tokens of the direct model (steps · batch · context).</summary>
    public long DirectTokens => (long)DirectSteps * BatchSize * Direct.ContextLength;

    /// <summary><paramref name="basis"/> renamed, at width <paramref name="width"/> and layer-gap limit <paramref name="delta"/>.</summary>
    internal static TaskPreset Derived(TaskPreset basis, string name, int width, int delta)
    {
        if (basis.Format is not (SequenceFormat.Stepwise or SequenceFormat.Direct))
            throw new ArgumentException($"Preset '{basis.Name}' has format {basis.Format}; A1 needs stepwise or direct.", nameof(basis));
        if (basis is not { Graph: HierarchicalGraph graph, Pairs: A1Split split })
            throw new ArgumentException($"Preset '{basis.Name}' is not a hierarchical graph with the A1 pair split.", nameof(basis));
        return basis with { Name = name, Graph = graph with { Width = width }, Pairs = split with { Delta = delta } };
    }

    /// <summary>
    /// <paramref name="basis"/> (hierarchical L, W with the A1 split) renamed, on the Bernoulli analogue of its
    /// graph: bernoulli(N = L·W, <paramref name="edgeProbability"/>) with node i in layer ⌊i / W⌋, the same Δ,
    /// far-pair fraction and test minimum, and context <paramref name="contextLength"/>.
    /// </summary>
    internal static TaskPreset BernoulliAnalogue(TaskPreset basis, string name, double edgeProbability, int contextLength)
    {
        if (basis is not { Graph: HierarchicalGraph graph, Pairs: A1Split split })
            throw new ArgumentException($"Preset '{basis.Name}' is not a hierarchical graph with the A1 pair split.", nameof(basis));
        return basis with
        {
            Name = name,
            Graph = new BernoulliGraph(graph.Layers * graph.Width, edgeProbability),
            Pairs = split with { LayerWidth = graph.Width },
            ContextLength = contextLength,
        };
    }
}
