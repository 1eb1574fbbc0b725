using GraphNav.Experiments.Phenomena;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Tests;

/// <summary>Issue #18: A4's cached trajectory and its checkpoint schedule.</summary>
public class A4TrajectoryTests
{
    [Test]
    public void The_trajectory_cache_key_changes_with_the_scorer_version_but_the_model_key_does_not()
    {
        // The cached per-checkpoint outcomes are scorer output: a scorer change must not reuse them.
        var plan = ChildProcess.Plan(steps: 100);
        string current = SharedGraphModels.TrajectoryKey(plan, CompletionScorer.Version);
        string other = SharedGraphModels.TrajectoryKey(plan, CompletionScorer.Version + "-changed");
        Assert.Multiple(() =>
        {
            Assert.That(other, Is.Not.EqualTo(current));
            Assert.That(current, Is.Not.EqualTo(plan.CacheKey()), "the trained weights keep their own key (A2 and A3 read them)");
            Assert.That(SharedGraphModels.TrajectoryKey(plan, CompletionScorer.Version), Is.EqualTo(current), "deterministic");
        });
    }

    [Test]
    public void Early_checkpoints_are_at_most_ten_steps_apart()
    {
        // The paper's threshold crossings need a fine early grid: every ≤ 10 steps over the first 500.
        var steps = Enumerable.Range(1, 1500).Where(s => LearningTrajectory.IsCheckpoint(s, 1500)).ToArray();
        var early = steps.Where(s => s <= 500).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(early[0], Is.LessThanOrEqualTo(10));
            Assert.That(early.Zip(early.Skip(1), (a, b) => b - a), Is.All.LessThanOrEqualTo(10));
            Assert.That(steps, Does.Contain(500).And.Contain(600).And.Contain(1500));
            Assert.That(steps.Where(s => s > 500 && s < 1500), Is.All.Matches<int>(s => s % 100 == 0));
        });
    }
}
