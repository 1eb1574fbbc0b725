using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>B1 (paper B): length extrapolation: supervised positions mastered, later positions reported. PaperScale only (PHENOMENA §3, §6).</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.PaperOnly))]
public sealed class B1LengthExtrapolationTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Supervised_positions_are_mastered_and_later_positions_reported() => Verify(new B1LengthExtrapolation());
}
