using GraphNav.Experiments.Lego;
using GraphNav.Tasks.Lego;

namespace GraphNav.Benchmarks;

/// <summary>
/// The LEGO encoder the speed benchmarks (issue #16) train: the official task's shape — n = 12, k = 6,
/// T = 60 — on 4 layers × 128, 4 heads. It was the paper scale when the speed goals were set and
/// stays fixed so readings of different stops compare; the CPU paper scale of the B fixtures
/// (<see cref="PaperLegoModels"/>, n = 6, T = 30) is the profile's "lego-n6".
/// </summary>
internal static class LegoBenchmarkShape
{
    /// <summary>The benchmark encoder's plan for <paramref name="threads"/> engine threads.</summary>
    public static LegoTrainingPlan Plan(int threads) =>
        LegoTrainingPlan.Encoder(LegoSpec.Create(12, 6, seed: 0), layers: 4, channels: 128, heads: 4, steps: 3000, batch: 128,
            learningRate: 1e-3f, threads);

    /// <summary>Tokens per sentence (T).</summary>
    public static int ContextLength => Plan(threads: 1).Task.ContextLength;
}
