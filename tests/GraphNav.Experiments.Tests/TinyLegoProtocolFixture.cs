using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Phenomena;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// What the paper-scale LEGO protocol tests share: a private model cache folder per test, a context
/// over seeds 0 and 1, and tiny plans (n = 4, k = 2, one block of width 16 — two when tied — 40 steps
/// of batch 16) so a whole protocol runs in seconds. Competence is not expected of these models.
/// </summary>
/// <param name="folderPrefix">Name prefix of the temporary cache folder.</param>
public abstract class TinyLegoProtocolFixture(string folderPrefix)
{
    /// <summary>The test's model cache folder.</summary>
    protected string CacheFolder { get; private set; } = "";

    [SetUp]
    public void CreateFolder() => CacheFolder = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(CacheFolder, recursive: true);

    /// <summary>Tiny plans per seed and variant with <paramref name="heads"/> attention heads.</summary>
    protected static LegoPlanFactory TinyPlans(int heads) => (seed, threads, order, weights) =>
        LegoTrainingPlan.Encoder(LegoSpec.Create(4, 2, shuffled: order == ClauseOrder.Shuffled, seed: seed, testSize: 30),
            layers: weights == BlockWeights.Tied ? 2 : 1, channels: 16, heads: heads, steps: 40, batch: 16, learningRate: 3e-3f, threads,
            shareLayers: weights == BlockWeights.Tied);

    /// <summary>A one-thread context over seeds 0 and 1 with the test's cache.</summary>
    protected PhenomenonContext Context(Scale scale = Scale.Paper) => new(scale, [0, 1], 1, new ModelCache(CacheFolder));
}
