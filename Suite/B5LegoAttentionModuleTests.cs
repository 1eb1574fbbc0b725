using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>B5 (paper B): hard-coded heads keep accuracy at lower attention cost. PaperScale only (PHENOMENA §3, §6).</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.PaperOnly))]
public sealed class B5LegoAttentionModuleTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Hard_coded_heads_keep_accuracy() => Verify(new B5LegoAttentionModule());
}
