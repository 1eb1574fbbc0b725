using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>B3 (paper B): attention mimicking improves extrapolation. PaperScale only (PHENOMENA §3, §6).</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.PaperOnly))]
public sealed class B3AttentionMimickingTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Mimicked_heads_improve_extrapolation() => Verify(new B3AttentionMimicking());
}
