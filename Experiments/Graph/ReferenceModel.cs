using GraphNav.Tasks;

namespace GraphNav.Experiments.Graph;

/// <summary>
/// The built-in reference model that <c>graphnav evaluate</c> runs when given no model: the paper-A
/// GPT trained on the quick Bernoulli task (N=100, p=0.1, seed 0) with the A2 calibration budget of
/// PHENOMENA.md §6 (1500 steps of batch 64, lr 1e-3). Trained on first use, then read from the cache.
/// </summary>
public static class ReferenceModel
{
    /// <summary>Task preset of the reference model.</summary>
    public const string TaskPreset = "bernoulli-quick";

    /// <summary>Seed of graph, split, initialisation and data.</summary>
    public const int Seed = 0;

    /// <summary>Optimizer steps (batch 64).</summary>
    public const int Steps = 1500;

    /// <summary>The training plan (threads only change speed, not the result).</summary>
    public static GraphTrainingPlan Plan(int threads) =>
        GraphTrainingPlan.PaperA(TaskPresets.Create(TaskPreset, Seed), Seed, Steps, threads);

    /// <summary>One-line description for reports.</summary>
    public static string Description => $"reference: paper-A GPT (2 layers, C 64, 2 heads) on {TaskPreset} seed {Seed}, {Steps} steps × 64";
}
