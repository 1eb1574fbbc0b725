using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>B6b (paper B): ordered-clause training yields positional shortcuts that break on shuffled input. PaperScale only (PHENOMENA §3, §6).</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.PaperOnly))]
public sealed class B6bOrderedShortcutTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Ordered_training_breaks_on_shuffled_input() => Verify(new B6bOrderedShortcut());
}
