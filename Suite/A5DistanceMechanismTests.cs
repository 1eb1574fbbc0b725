using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>
/// A5 (paper A): in a 1-layer attention-only model, goal + current embeddings score successors by
/// their distance to the goal, and the best-scoring successor navigates almost as well as the model.
/// PaperScale: at quick scale the ρ part holds but no surrogate reaches 85% (see the phenomenon's
/// notes), so the quick case is explicit — run it by name to reproduce the measurement.
/// </summary>
[TestFixtureSource(typeof(A5DistanceMechanismTests), nameof(Scales))]
public sealed class A5DistanceMechanismTests(Scale scale) : PhenomenonFixture(scale)
{
    /// <summary>Paper scale (as <see cref="ScaleCases.PaperOnly"/>) plus an explicit quick case.</summary>
    public static IEnumerable<TestFixtureData> Scales()
    {
        foreach (var paper in ScaleCases.PaperOnly()) yield return paper;
        yield return new TestFixtureData(Scale.Quick).SetArgDisplayNames("quick")
            .Explicit("quick scale does not meet the surrogate part of the bar; kept runnable to reproduce the measurement");
    }

    [Test]
    public void Successor_scores_fall_with_distance_to_the_goal() => Verify(new A5DistanceMechanism());
}
