using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>A7 (paper A): with two conflicting exemplar chains, the model follows the first one shown.</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.QuickAndPaper))]
public sealed class A7PrimacyBiasTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void The_first_shown_exemplar_chain_wins() => Verify(new A7PrimacyBias());
}
