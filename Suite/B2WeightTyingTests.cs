using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>B2 (paper B): weight-tied encoders extrapolate better than untied ones. PaperScale only (PHENOMENA §3, §6).</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.PaperOnly))]
public sealed class B2WeightTyingTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Tied_encoder_extrapolates_better() => Verify(new B2WeightTying());
}
