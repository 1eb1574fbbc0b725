using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>A6 (paper A): exemplars steer the model along unseen motif orders, but not along chains longer than training.</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.QuickAndPaper))]
public sealed class A6CompositionalGeneralizationTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Exemplars_compose_held_out_orders_but_not_longer_chains() => Verify(new A6CompositionalGeneralization());
}
