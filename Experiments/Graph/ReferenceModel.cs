namespace GraphNav.Experiments.Graph;

/// <summary>
/// The built-in reference model that <c>graphnav evaluate</c> runs when given no model: the paper-A
/// GPT trained on the quick Bernoulli task (N=100, p=0.1, seed 0) with the A2 calibration budget of
/// docs/PHENOMENA.md §6 (1500 steps of batch 64, lr 1e-3). Trained on first use, then read from the cache.
/// </summary>
public static class ReferenceModel
{
    /// <summary>Task preset of the reference model.</summary>
    public static string TaskPreset => Phenomena.SharedGraphModels.TaskPreset(Phenomena.Scale.Quick);

    /// <summary>Seed of graph, split, initialisation and data.</summary>
    public const int Seed = 0;

    /// <summary>Optimizer steps (batch 64).</summary>
    public static int Steps => Phenomena.SharedGraphModels.Steps(Phenomena.Scale.Quick);

    /// <summary>The training plan (threads only change speed, not the result).</summary>
    /// <remarks>The same plan as the A2/A3/A4 quick-scale model of seed 0, so they share one cache entry.</remarks>
    public static GraphTrainingPlan Plan(int threads) => Phenomena.SharedGraphModels.Plan(Phenomena.Scale.Quick, Seed, threads);

    /// <summary>One-line description for reports.</summary>
    public static string Description => $"reference: paper-A GPT (2 layers, C 64, 2 heads) on {TaskPreset} seed {Seed}, {Steps} steps × 64";
}
