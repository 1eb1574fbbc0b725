using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>
/// A5 (paper A): in a 1-layer attention-only model, goal + current embeddings score successors by
/// their distance to the goal, and the best-scoring successor navigates almost as well as the model.
/// PaperScale: at quick scale the ρ part holds but no surrogate reaches 85% (see the phenomenon's
/// notes), so the quick case is explicit — run it by name to reproduce the measurement.
/// </summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.PaperAndExplicitQuick))]
public sealed class A5DistanceMechanismTests(Scale scale) : PhenomenonFixture(scale)
{
    [Test]
    public void Successor_scores_fall_with_distance_to_the_goal() => Verify(new A5DistanceMechanism());
}
