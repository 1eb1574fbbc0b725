using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>A1 (paper A): stepwise inference beats direct inference on pairs farther apart than most training pairs.</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.QuickAndPaper))]
public sealed class A1StepwiseGapTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Stepwise_beats_direct_on_far_pairs() => Verify(new A1StepwiseGap());
}
