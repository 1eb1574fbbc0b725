using GraphNav.Experiments.Graph;
using GraphNav.Tasks.Motifs;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// Competence floor of a motif model (docs/PHENOMENA.md §0, read as for A1 whose held-out set is the test
/// itself): greedy success on fresh queries of the <em>training</em> orders (new starts, goals and
/// exemplar contexts), which must reach 90%.
/// </summary>
public static class MotifFloor
{
    /// <summary>The floor.</summary>
    public const double Required = 0.90;

    /// <summary>Per trial 1 if the greedy completion follows the trial's order, else 0.</summary>
    public static double[] Measure(ICompletionSource source, MotifTask task, int trials, Random rng)
    {
        ArgumentNullException.ThrowIfNull(task);
        var sampled = MotifTrials.Sample(task, task.TrainOrders, trials, rng);
        return MotifTrials.Success(source, task, sampled);
    }
}
