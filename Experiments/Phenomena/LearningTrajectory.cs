using System.Text.Json;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// Greedy outcomes of every held-out reachable pair at each evaluated checkpoint of one training run
/// (A4's raw data). Kept per pair so the bootstrap can resample pairs (docs/PHENOMENA.md §0).
/// </summary>
/// <param name="Steps">Checkpoint steps, ascending.</param>
/// <param name="Outcomes">Outcomes[i][p]: the greedy outcome of pair p at checkpoint i.</param>
public sealed record LearningTrajectory(int[] Steps, PathOutcome[][] Outcomes)
{
    /// <summary>A4's schedule: every 25 steps over the first 500, then every 100, and the last step.</summary>
    public static bool IsCheckpoint(int step, int totalSteps) =>
        step == totalSteps || (step <= 500 ? step % 25 == 0 : step % 100 == 0);

    /// <summary>JSON text of the trajectory.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads a trajectory written by <see cref="ToJson"/>.</summary>
    public static LearningTrajectory FromJson(string json) =>
        JsonSerializer.Deserialize<LearningTrajectory>(json) ?? throw new InvalidDataException("A learning trajectory file holds null.");
}
