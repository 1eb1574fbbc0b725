using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>A5 (paper A): in a 1-layer attention-only model, goal + current embeddings score successors by their distance to the goal.</summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.QuickAndPaper))]
public sealed class A5DistanceMechanismTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Successor_scores_fall_with_distance_to_the_goal() => Verify(new A5DistanceMechanism());
}
