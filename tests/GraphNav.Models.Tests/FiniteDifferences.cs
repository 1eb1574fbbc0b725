using GraphNav.Models.Gpt;

namespace GraphNav.Models.Tests;

/// <summary>
/// The finite-difference check of <see cref="GradientCheckTests"/> (see there for the tolerances:
/// per entry |fd − g| ≤ 3e-4 + 2e-2·|g| at ε = 1e-2, relative L2 error &lt; 1e-2 per tensor) with one
/// addition for the engine's newer options: with few classes and std-0.3 weights a LayerNorm row
/// can have a small variance, whose curvature makes the ε = 1e-2 truncation error exceed the entry
/// tolerance (observed: a wpe entry gave fd −0.1164 at ε 1e-2, −0.1097 at 3e-3, −0.1092 at 1e-3 vs
/// backward −0.1090 — converging quadratically). An entry that misses at ε = 1e-2 is re-measured
/// at ε = 1e-3, where truncation is 100× smaller and float32 rounding (~1e-6 / 2e-3 = 5e-4) sets
/// the tolerance 2e-3 + 2e-2·|g|. A wrong backward misses at both step sizes.
/// </summary>
internal static class FiniteDifferences
{
    private const float Eps = 1e-2f;

    /// <summary>
    /// Runs forward + backward once, then checks every entry of every parameter tensor.
    /// <paramref name="remeasureAtSmallerStep"/> false keeps the original single-step check (no ε = 1e-3 retry).
    /// </summary>
    public static void AssertBackwardMatches(GptModel model, int[] ids, int[] targets, int batch, int sequence, bool remeasureAtSmallerStep = true) =>
        AssertBackwardMatches(model, m => m.Forward(ids, targets, batch, sequence), remeasureAtSmallerStep);

    /// <summary>
    /// The same check for any loss: <paramref name="forward"/> runs a forward of <paramref name="model"/>
    /// that Backward can differentiate (e.g. with attention targets) and returns its loss.
    /// </summary>
    public static void AssertBackwardMatches(GptModel model, Func<GptModel, float> forward, bool remeasureAtSmallerStep = true)
    {
        forward(model);
        model.ZeroGrad();
        model.Backward();
        foreach (var tensor in model.Parameters.All)
        {
            var param = tensor.Span;
            var grad = model.Gradients.Find(tensor.Name)!.Value.Span.ToArray();
            double diffSq = 0, gradSq = 0;
            int bad = 0;
            string firstBad = "";
            for (int i = 0; i < param.Length; i++)
            {
                double fd = Difference(model, tensor, i, forward, Eps);
                double diff = fd - grad[i];
                if (Math.Abs(diff) > 3e-4 + 2e-2 * Math.Abs(grad[i]) && !remeasureAtSmallerStep)
                {
                    if (bad++ == 0) firstBad = $"entry {i}: fd {fd:G6} vs backward {grad[i]:G6}";
                }
                else if (Math.Abs(diff) > 3e-4 + 2e-2 * Math.Abs(grad[i]))
                {
                    double fine = Difference(model, tensor, i, forward, Eps / 10);
                    if (Math.Abs(fine - grad[i]) <= 2e-3 + 2e-2 * Math.Abs(grad[i]))
                        diff = fine - grad[i];
                    else if (bad++ == 0)
                        firstBad = $"entry {i}: fd {fd:G6} (ε {Eps}), {fine:G6} (ε {Eps / 10}) vs backward {grad[i]:G6}";
                }
                diffSq += diff * diff;
                gradSq += (double)grad[i] * grad[i];
            }
            double relative = Math.Sqrt(diffSq / gradSq);
            TestContext.Out.WriteLine($"{tensor}: |g| = {Math.Sqrt(gradSq):G3}, relative error {relative:G3}");
            Assert.Multiple(() =>
            {
                Assert.That(gradSq, Is.GreaterThan(1e-8), $"{tensor.Name}: gradient is (near) zero, the check would be vacuous");
                Assert.That(relative, Is.LessThan(1e-2), $"{tensor.Name}: relative L2 error");
                Assert.That(bad, Is.Zero, $"{tensor.Name}: {bad} entries off, first {firstBad}");
            });
        }
    }

    /// <summary>Std-0.3 weights (LayerNorm scales near 1) so every gradient is far from zero.</summary>
    public static void Perturb(GptModel model, ulong seed)
    {
        var rng = new SeededRandom(seed);
        foreach (var tensor in model.Parameters.All)
        {
            var s = tensor.Span;
            bool lnWeight = tensor.Name is "ln1w" or "ln2w" or "lnfw";
            for (int i = 0; i < s.Length; i++) s[i] = (lnWeight ? 1f : 0f) + 0.3f * rng.NextNormal();
        }
    }

    private static double Difference(GptModel model, TensorView tensor, int i, Func<GptModel, float> forward, float eps)
    {
        var param = tensor.Span;
        float keep = param[i];
        param[i] = keep + eps;
        float up = forward(model);
        param[i] = keep - eps;
        float down = forward(model);
        param[i] = keep;
        return ((double)up - down) / (2 * eps);
    }
}
