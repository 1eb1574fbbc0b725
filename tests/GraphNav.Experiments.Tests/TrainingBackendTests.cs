using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Training;
using GraphNav.Tasks;

namespace GraphNav.Experiments.Tests;

/// <summary>The training-backend seam of the plans: the engine keeps its cache keys, any other backend gets its own.</summary>
public class TrainingBackendTests
{
    private static readonly TrainingBackend Other = TrainingBackend.Engine with { Name = "other" };

    [Test]
    public void A_plan_takes_the_current_backend_and_a_non_engine_backend_changes_every_cache_key()
    {
        var task = TaskPresets.Create("bernoulli-quick", seed: 0);
        var graph = GraphTrainingPlan.PaperA(task, seed: 0, steps: 10);
        var lego = PaperLegoModels.Plan(seed: 0, threads: 1);
        var motif = MotifModels.Plan(Scale.Quick, seed: 0, threads: 1);
        Assert.That(graph.Backend.IsEngine && lego.Backend.IsEngine && motif.Backend.IsEngine, Is.True, "the engine is the default");

        Assert.That((graph with { Backend = Other }).CacheKey(), Is.Not.EqualTo(graph.CacheKey()));
        Assert.That((lego with { Backend = Other }).CacheKey(), Is.Not.EqualTo(lego.CacheKey()));
        Assert.That((motif with { Backend = Other }).CacheKey(), Is.Not.EqualTo(motif.CacheKey()));
        Assert.That((graph with { Backend = TrainingBackend.Engine }).CacheKey(), Is.EqualTo(graph.CacheKey()));

        var previous = TrainingBackend.Current;
        try
        {
            TrainingBackend.Current = Other;
            Assert.That(GraphTrainingPlan.PaperA(task, seed: 0, steps: 10).Backend, Is.SameAs(Other));
        }
        finally
        {
            TrainingBackend.Current = previous;
        }
    }
}
