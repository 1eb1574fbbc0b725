using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>B4 (paper B): trained encoders develop association heads. PaperScale only (PHENOMENA §3, §6).</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.PaperOnly))]
public sealed class B4AssociationHeadsTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Trained_encoders_have_association_heads() => Verify(new B4AssociationHeads());
}
