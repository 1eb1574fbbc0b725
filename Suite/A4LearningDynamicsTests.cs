using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>
/// A4 (paper A): missteps settle before planning failures during training. PaperScale only: at quick
/// scale the difference had the claimed sign but its interval did not exclude 0 (+17 steps [0, 108]
/// with the suite's warmup + cosine schedule; +67 [−17, 125] with a constant learning rate), so by
/// PHENOMENA.md §5 it runs at paper scale with its bar unchanged (the quick case stays runnable by name).
/// </summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.PaperAndExplicitQuick))]
public sealed class A4LearningDynamicsTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Missteps_settle_before_planning_failures() => Verify(new A4LearningDynamics());
}
