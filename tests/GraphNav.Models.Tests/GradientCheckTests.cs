using GraphNav.Models.Gpt;

namespace GraphNav.Models.Tests;

/// <summary>
/// Central finite differences of the float32 loss against Backward, for every entry of every
/// parameter tensor. Tolerances: the loss is O(1) (≈ ln 11 ≈ 2.4) and is evaluated in float32,
/// so each evaluation carries rounding of order 1e-6 (a few ulps of 2.4 accumulated through the
/// network); divided by 2ε = 2e-2 that is ~1e-4 of noise in a difference quotient. The truncation
/// error ε²·f'''/6 is ~2e-5 for O(1) third derivatives. Hence an entry passes when
/// |fd − g| ≤ 3e-4 + 2e-2·|g|, and the whole tensor must agree to 1e-2 in relative L2 norm, which
/// the entries with meaningful magnitude dominate. Parameters are re-drawn with std 0.3 (and LN
/// weights near 1) so that gradients are far from zero and the test can fail.
/// </summary>
public class GradientCheckTests
{
    private const float Eps = 1e-2f;

    [TestCase(false, true, true, true, TestName = "Untied decoder with MLP")]
    [TestCase(true, true, true, true, TestName = "Tied decoder with MLP")]
    [TestCase(true, false, true, true, TestName = "Attention-only decoder")]
    [TestCase(false, true, false, true, TestName = "Bidirectional encoder")]
    [TestCase(false, true, true, false, TestName = "Decoder without final LayerNorm")]
    public void Backward_matches_finite_differences_for_every_parameter(bool tied, bool mlp, bool causal, bool finalLn)
    {
        var config = TestData.Tiny(tied, mlp, causal, finalLn);
        const int B = 3, T = 7;
        var model = new GptModel(config, seed: 1, maxBatch: B);
        var rng = new SeededRandom(99);
        foreach (var tensor in model.Parameters.All)
        {
            var s = tensor.Span;
            bool lnWeight = tensor.Name is "ln1w" or "ln2w" or "lnfw";
            for (int i = 0; i < s.Length; i++) s[i] = (lnWeight ? 1f : 0f) + 0.3f * rng.NextNormal();
        }
        int[] ids = TestData.Ids(B * T, config.VocabSize, 5);
        int[] targets = TestData.Ids(B * T, config.VocabSize, 6);
        targets[0] = targets[4] = targets[13] = targets[20] = -1;

        model.Forward(ids, targets, B, T);
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
                float keep = param[i];
                param[i] = keep + Eps;
                float up = model.Forward(ids, targets, B, T);
                param[i] = keep - Eps;
                float down = model.Forward(ids, targets, B, T);
                param[i] = keep;
                double fd = ((double)up - down) / (2 * Eps);
                double diff = fd - grad[i];
                diffSq += diff * diff;
                gradSq += (double)grad[i] * grad[i];
                if (Math.Abs(diff) > 3e-4 + 2e-2 * Math.Abs(grad[i]) && bad++ == 0)
                    firstBad = $"entry {i}: fd {fd:G6} vs backward {grad[i]:G6}";
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
}
