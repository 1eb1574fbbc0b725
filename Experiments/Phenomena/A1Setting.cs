using GraphNav.Tasks;
using GraphNav.Tasks.Formats;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// One A1 configuration: the two task presets (same graph and pairs per seed, stepwise and direct
/// format) and the optimiser steps of each model (batch 64, so tokens = steps · 64 · context).
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

    /// <summary>
    /// Quick scale: the registry presets a1-stepwise / a1-direct (L=10, W=12, p=0.15, Δ=2, 5% far
    /// training pairs, context 16). 1950 steps ≈ 2.0M tokens (stepwise) and 3500 steps ≈ 3.6M tokens
    /// (direct), the budgets of the PyTorch calibration (PHENOMENA.md §6).
    /// </summary>
    public static A1Setting Quick { get; } =
        new("W=12 Δ=2", TaskPresets.Get("a1-stepwise"), TaskPresets.Get("a1-direct"), 1950, 3500);

    /// <summary>
    /// Paper scale: the same protocol at W=20 (paper A's width) with Δ = <paramref name="delta"/>.
    /// The graph has (20/12)² ≈ 2.8× as many pairs per layer gap, so the token budgets are 3× quick's.
    /// </summary>
    public static A1Setting Paper(int delta)
    {
        var stepwise = Derived(TaskPresets.Get("a1-stepwise"), $"a1-stepwise-paper-d{delta}", width: 20, delta);
        var direct = Derived(TaskPresets.Get("a1-direct"), $"a1-direct-paper-d{delta}", width: 20, delta);
        return new($"W=20 Δ={delta}", stepwise, direct, 3 * Quick.StepwiseSteps, 3 * Quick.DirectSteps);
    }

    /// <summary>Layer-gap limit Δ of the training pairs.</summary>
    public int Delta => (int)Stepwise.Parameters["delta"];

    /// <summary>Training tokens of the stepwise model (steps · batch · context).</summary>
    public long StepwiseTokens => (long)StepwiseSteps * BatchSize * Stepwise.ContextLength;

    /// <summary>Training tokens of the direct model (steps · batch · context).</summary>
    public long DirectTokens => (long)DirectSteps * BatchSize * Direct.ContextLength;

    private static TaskPreset Derived(TaskPreset basis, string name, int width, int delta)
    {
        var parameters = new Dictionary<string, double>(basis.Parameters) { ["width"] = width, ["delta"] = delta };
        if (basis.Format is not (SequenceFormat.Stepwise or SequenceFormat.Direct))
            throw new ArgumentException($"Preset '{basis.Name}' has format {basis.Format}; A1 needs stepwise or direct.", nameof(basis));
        return basis with { Name = name, Parameters = parameters };
    }
}
