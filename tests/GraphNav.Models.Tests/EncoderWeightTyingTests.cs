using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;

namespace GraphNav.Models.Tests;

/// <summary>GptConfig.ShareLayers: one block's parameters applied Layers times (ALBERT, docs/PHENOMENA.md §4, B2).</summary>
public class EncoderWeightTyingTests
{
    private static GptConfig Shared(bool causal = false, int outputSize = 2) => TestData.Tiny(causal: causal) with
    {
        ShareLayers = true, OutputSize = outputSize, Layers = 3,
    };

    [TestCase(false, 2, TestName = "Weight-tied encoder with a 2-class head")]
    [TestCase(true, 0, TestName = "Weight-tied decoder with a vocabulary head")]
    public void Backward_matches_finite_differences_with_shared_layers(bool causal, int outputSize)
    {
        var config = Shared(causal, outputSize);
        const int B = 3, T = 7;
        var model = new GptModel(config, seed: 2, maxBatch: B);
        FiniteDifferences.Perturb(model, 97);
        int[] ids = TestData.Ids(B * T, config.VocabSize, 5);
        int[] targets = TestData.Ids(B * T, config.OutputWidth, 6);
        targets[2] = targets[9] = targets[16] = -1;
        Assert.That(model.Parameters.Qkvw.Shape[0], Is.EqualTo(1), "one stored block");
        FiniteDifferences.AssertBackwardMatches(model, ids, targets, B, T);
    }

    /// <summary>A shared model equals an unshared one whose blocks all hold the shared block's weights:
    /// the same logits bit for bit, and per-tensor gradients equal to the sum over the unshared blocks.</summary>
    [Test]
    public void Shared_model_equals_an_untied_model_with_identical_blocks()
    {
        var shared = new GptModel(Shared(), seed: 3, maxBatch: 2);
        FiniteDifferences.Perturb(shared, 31);
        var plain = new GptModel(Shared() with { ShareLayers = false }, seed: 3, maxBatch: 2);
        foreach (var t in shared.Parameters.All)
        {
            var target = plain.Parameters.Find(t.Name)!.Value;
            int copies = target.Length / t.Length;
            for (int c = 0; c < copies; c++) t.Span.CopyTo(target.Span.Slice(c * t.Length, t.Length));
        }
        int[] ids = TestData.Ids(2 * 7, 11, 8);
        int[] targets = TestData.Ids(2 * 7, 2, 9);
        float lossShared = shared.Forward(ids, targets, 2, 7);
        float lossPlain = plain.Forward(ids, targets, 2, 7);
        Assert.That(lossShared, Is.EqualTo(lossPlain), "same forward, same bits");
        Assert.That(shared.LastLogits.ToArray(), Is.EqualTo(plain.LastLogits.ToArray()));
        shared.ZeroGrad();
        shared.Backward();
        plain.ZeroGrad();
        plain.Backward();
        foreach (var t in shared.Gradients.All)
        {
            var g = plain.Gradients.Find(t.Name)!.Value.Span;
            int copies = g.Length / t.Length;
            for (int i = 0; i < t.Length; i++)
            {
                double sum = 0;
                for (int c = 0; c < copies; c++) sum += g[c * t.Length + i];
                Assert.That(t.Span[i], Is.EqualTo(sum).Within(1e-5 + 1e-4 * Math.Abs(sum)), $"{t.Name}[{i}]");
            }
        }
    }

    [Test]
    public void Shared_layers_store_one_block_whatever_the_depth()
    {
        var one = TestData.Tiny() with { Layers = 1 };
        var deep = TestData.Tiny() with { Layers = 6, ShareLayers = true };
        Assert.Multiple(() =>
        {
            Assert.That(GptParameters.CountFloats(deep), Is.EqualTo(GptParameters.CountFloats(one)));
            Assert.That(deep.ParameterLayers, Is.EqualTo(1));
            Assert.That(new GptModel(deep, 1, 1).AttentionLayers, Is.EqualTo(6), "attention maps per application");
            Assert.That(System.Text.Json.JsonSerializer.Serialize(TestData.Tiny()), Does.Not.Contain("ShareLayers"));
        });
    }

    [Test]
    public void Kv_cache_of_a_shared_decoder_matches_the_full_forward()
    {
        var config = Shared(causal: true, outputSize: 0);
        var model = new GptModel(config, seed: 4, maxBatch: 2);
        FiniteDifferences.Perturb(model, 41);
        KvCacheAgreement.AssertMatchesFullForward(model);
    }
}
