using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>A2 (paper A): accuracy falls and diversity rises with temperature; distinct valid paths peak in between.</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.QuickAndPaper))]
public sealed class A2DiversityAccuracyTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Diversity_rises_and_accuracy_falls_with_temperature() => Verify(new A2DiversityAccuracy());
}
