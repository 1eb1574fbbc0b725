using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>A4 (paper A): missteps settle before planning failures during training.</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.QuickAndPaper))]
public sealed class A4LearningDynamicsTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Missteps_settle_before_planning_failures() => Verify(new A4LearningDynamics());
}
