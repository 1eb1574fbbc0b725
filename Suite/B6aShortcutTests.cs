using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>B6a (paper B): supervised on chain positions 1–2 only, encoders learn a shortcut and are at chance beyond.</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.QuickAndPaper))]
public sealed class B6aShortcutTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Short_supervision_yields_the_shortcut_solution() => Verify(new B6aShortcut());
}
