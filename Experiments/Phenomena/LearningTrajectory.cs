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
    /// <summary>Spacing of the early checkpoints (steps ≤ <see cref="EarlyPhase"/>) and of the later ones.</summary>
    public const int EarlySpacing = 10, LateSpacing = 100;

    /// <summary>Last step of the early phase, where the paper's threshold crossings fall.</summary>
    public const int EarlyPhase = 500;

    /// <summary>The schedule in words (part of the trajectory's cache key and of A4's record).</summary>
    public const string Schedule = "every 10 steps to 500, then every 100";

    /// <summary>A4's schedule: every <see cref="EarlySpacing"/> steps over the first <see cref="EarlyPhase"/>,
    /// then every <see cref="LateSpacing"/>, and the last step.</summary>
    public static bool IsCheckpoint(int step, int totalSteps) =>
        step == totalSteps || (step <= EarlyPhase ? step % EarlySpacing == 0 : step % LateSpacing == 0);

    /// <summary>JSON text of the trajectory.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads a trajectory written by <see cref="ToJson"/>.</summary>
    public static LearningTrajectory FromJson(string json) =>
        JsonSerializer.Deserialize<LearningTrajectory>(json) ?? throw new InvalidDataException("A learning trajectory file holds null.");
}
