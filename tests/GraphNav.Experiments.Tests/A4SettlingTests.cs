using GraphNav.Experiments.Phenomena;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Tests;

public class A4SettlingTests
{
    private static readonly int[] Steps = [25, 50, 75, 100];

    [Test]
    public void Settling_step_is_the_first_checkpoint_after_which_the_rate_stays_low()
    {
        double[] rates = [0.5, 0.01, 0.2, 0.04];
        Assert.That(A4LearningDynamics.Settle(Steps, 200, i => rates[i]), Is.EqualTo(100));
        double[] early = [0.5, 0.01, 0.02, 0.04];
        Assert.That(A4LearningDynamics.Settle(Steps, 200, i => early[i]), Is.EqualTo(50));
    }

    [Test]
    public void A_rate_that_never_settles_or_is_undefined_at_the_end_is_censored()
    {
        Assert.That(A4LearningDynamics.Settle(Steps, 200, _ => 0.3), Is.EqualTo(200));
        double[] undefinedLast = [0.01, 0.01, 0.01, double.NaN];
        Assert.That(A4LearningDynamics.Settle(Steps, 200, i => undefinedLast[i]), Is.EqualTo(200));
    }

    [Test]
    public void Planning_rate_counts_only_completions_without_a_misstep_and_needs_fifty()
    {
        var units = Enumerable.Range(0, 100).Select(i => new[]
        {
            i < 60 ? PathOutcome.Misstep : i < 70 ? PathOutcome.PlanningFailure : PathOutcome.Valid,
        }).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(A4LearningDynamics.MisstepRate(units, 0), Is.EqualTo(0.6));
            Assert.That(A4LearningDynamics.PlanningRate(units, 0), Is.NaN, "40 clean completions < 50");
        });
        var more = Enumerable.Range(0, 100).Select(i => new[]
        {
            i < 20 ? PathOutcome.Misstep : i < 40 ? PathOutcome.PlanningFailure : PathOutcome.Valid,
        }).ToArray();
        Assert.That(A4LearningDynamics.PlanningRate(more, 0), Is.EqualTo(20 / 80.0));
    }

    [Test]
    public void Crossing_is_the_first_checkpoint_after_the_peak_below_a_fraction_of_it()
    {
        // Format errors first (rate 0.02), a peak of 0.8, then the fall.
        double[] rates = [0.02, double.NaN, 0.8, 0.5, 0.39, 0.1];
        int[] steps = [10, 20, 30, 40, 50, 60];
        Assert.Multiple(() =>
        {
            Assert.That(A4LearningDynamics.Cross(steps, 150, 0.5, i => rates[i]), Is.EqualTo(50), "0.39 < 0.5 × 0.8; 0.5 is not");
            Assert.That(A4LearningDynamics.Cross(steps, 150, 0.2, i => rates[i]), Is.EqualTo(60));
            Assert.That(A4LearningDynamics.Cross(steps, 150, 0.1, i => rates[i]), Is.EqualTo(150), "never crosses: censored");
            Assert.That(A4LearningDynamics.Cross(steps, 150, 0.5, _ => 0), Is.EqualTo(150), "a rate that is never above 0 has no crossing");
        });
    }
}
