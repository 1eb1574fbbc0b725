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
        FiniteDifferences.Perturb(model, 99);
        int[] ids = TestData.Ids(B * T, config.VocabSize, 5);
        int[] targets = TestData.Ids(B * T, config.VocabSize, 6);
        targets[0] = targets[4] = targets[13] = targets[20] = -1;
        // The strict form: every entry must agree at ε = 1e-2 (the newer options' tests allow a retry at 1e-3).
        FiniteDifferences.AssertBackwardMatches(model, ids, targets, B, T, remeasureAtSmallerStep: false);
    }
}
