using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>
/// A3 (paper A): generated valid paths are shorter than true paths. PaperScale only: a PyTorch
/// calibration did not reproduce it at quick scale (PHENOMENA.md §6).
/// </summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.PaperOnly))]
public sealed class A3SimplicityBiasTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Generated_valid_paths_are_shorter_than_true_paths() => Verify(new A3SimplicityBias());
}
