using System.Text.Json;
using GraphNav.Models.Gpt;

namespace GraphNav.Models.Tests;

/// <summary>GptConfig.FixedHeads: the LEGO attention module (docs/PHENOMENA.md §3 B5) — heads 0…k−1 use
/// hard-coded same-token / band maps instead of softmax(q·kᵀ).</summary>
public class FixedHeadsTests
{
    /// <summary>V 11, T 7, 2 layers, C 8 with 4 heads (HS 2), encoder, 2-class head.</summary>
    private static GptConfig Encoder(int fixedHeads, int heads = 4) => TestData.Tiny(causal: false) with
    {
        Heads = heads, FixedHeads = fixedHeads, OutputSize = 2,
    };

    // ids with repeated tokens (3 at 0, 2, 5; 7 at 1, 4) and singletons, so both same-token cases occur
    private static readonly int[] Sentence = [3, 7, 3, 1, 7, 3, 9];

    [TestCase(2, 4, TestName = "Fixed heads: 2 of 4 heads hard-coded")]
    [TestCase(1, 2, TestName = "Fixed heads: 1 of 2 heads hard-coded")]
    [TestCase(2, 2, TestName = "Fixed heads: every head hard-coded")]
    public void Backward_matches_finite_differences(int fixedHeads, int heads)
    {
        var config = Encoder(fixedHeads, heads);
        const int B = 2, T = 7;
        var model = new GptModel(config, seed: 4, maxBatch: B);
        FiniteDifferences.Perturb(model, 41);
        int[] ids = [.. Sentence, .. TestData.Ids(T, config.VocabSize, 12)];
        int[] targets = TestData.Ids(B * T, 2, 13);
        targets[3] = targets[10] = -1;
        FiniteDifferences.AssertBackwardMatches(model, ids, targets, B, T);
    }

    [Test]
    public void Hard_coded_heads_attend_exactly_with_their_maps_in_every_layer()
    {
        var config = Encoder(2) with { Layers = 3 };
        var model = new GptModel(config, seed: 1, maxBatch: 2);
        const int T = 7;
        int[] ids = [.. Sentence, .. Sentence.Reverse()];
        var maps = new float[2 * config.Heads * T * T];
        var expected = new float[T * T];
        for (int l = 0; l < config.Layers; l++)
        {
            model.AttentionMaps(ids, 2, T, l, maps);
            for (int b = 0; b < 2; b++)
                for (int h = 0; h < 2; h++)
                {
                    FixedAttentionMaps.ForHead(h, ids.AsSpan(b * T, T), expected);
                    var actual = maps.AsSpan((b * config.Heads + h) * T * T, T * T).ToArray();
                    Assert.That(actual, Is.EqualTo(expected), $"layer {l}, row {b}, head {h}");
                }
            // learned heads are softmax maps, not the fixed ones
            var learned = maps.AsSpan(2 * T * T, T * T).ToArray();
            FixedAttentionMaps.ForHead(0, ids.AsSpan(0, T), expected);
            Assert.That(learned, Is.Not.EqualTo(expected), $"layer {l}: head 2 is learned");
        }
    }

    [Test]
    public void Hard_coded_heads_ignore_their_queries_and_keys()
    {
        var config = Encoder(2);
        var model = new GptModel(config, seed: 5, maxBatch: 1);
        FiniteDifferences.Perturb(model, 6);
        var before = new float[7 * 2];
        model.Logits(Sentence, 1, 7, before);
        int c = config.Channels, hs = config.HeadSize;
        var qkvw = model.Parameters.Qkvw.Span; // [L, 3C, C]: rows 0…C−1 q, C…2C−1 k
        for (int l = 0; l < config.Layers; l++)
            for (int row = 0; row < 2 * hs; row++) // heads 0 and 1 own q rows 0…2HS−1 and k rows C…C+2HS−1
                for (int col = 0; col < c; col++)
                {
                    qkvw[(l * 3 * c + row) * c + col] += 10f;
                    qkvw[(l * 3 * c + c + row) * c + col] -= 10f;
                }
        var after = new float[7 * 2];
        model.Logits(Sentence, 1, 7, after);
        Assert.That(after, Is.EqualTo(before), "q and k of hard-coded heads must not matter");
    }

    [Test]
    public void Same_token_and_band_maps_have_the_documented_values()
    {
        var same = new float[7 * 7];
        FixedAttentionMaps.SameToken(Sentence, same);
        var band = new float[5 * 5];
        FixedAttentionMaps.Band(5, band);
        Assert.Multiple(() =>
        {
            Assert.That(same.AsSpan(0, 7).ToArray(), Is.EqualTo(new[] { 0f, 0, 0.5f, 0, 0, 0.5f, 0 }), "token 3 at 0 sees 2 and 5");
            Assert.That(same.AsSpan(7, 7).ToArray(), Is.EqualTo(new[] { 0f, 0, 0, 0, 1, 0, 0 }), "token 7 at 1 sees 4");
            Assert.That(same.AsSpan(3 * 7, 7).ToArray(), Is.EqualTo(new[] { 0f, 0, 0, 1, 0, 0, 0 }), "singleton attends to itself");
            Assert.That(band.AsSpan(0, 5).ToArray(), Is.EqualTo(new[] { 4 / 7f, 2 / 7f, 1 / 7f, 0, 0 }), "edge row renormalised");
            Assert.That(band.AsSpan(2 * 5, 5).ToArray(), Is.EqualTo(new[] { 0.1f, 0.2f, 0.4f, 0.2f, 0.1f }));
        });
    }

    [Test]
    public void Flop_count_drops_by_the_fixed_share_of_query_key_work()
    {
        var vanilla = Encoder(0, heads: 8) with { Channels = 64, ContextLength = 60 };
        var fixedTwo = vanilla with { FixedHeads = 2 };
        var a = AttentionFlops.Count(vanilla, 60);
        var b = AttentionFlops.Count(fixedTwo, 60);
        Assert.Multiple(() =>
        {
            Assert.That(a.QueryKey, Is.EqualTo(2L * 8 * 60 * 60 * 8), "L·NH·T²·HS");
            Assert.That(b.QueryKey, Is.EqualTo(a.QueryKey * 6 / 8), "QK work lower by k/h = 2/8");
            Assert.That(b.AttentionValue, Is.EqualTo(a.AttentionValue), "att·v is still done by every head");
            Assert.That(AttentionFlops.Count(vanilla with { Causal = true }, 4).QueryKey, Is.EqualTo(2L * 8 * 10 * 8), "causal: T(T+1)/2 pairs");
        });
    }

    [Test]
    public void A_checkpoint_keeps_the_hard_coded_heads()
    {
        var model = new GptModel(Encoder(2), seed: 7, maxBatch: 1);
        FiniteDifferences.Perturb(model, 8);
        string path = Path.Combine(Path.GetTempPath(), $"graphnav-fixed-heads-{Environment.ProcessId}.safetensors");
        try
        {
            Checkpoints.GptCheckpoint.Save(path, model);
            var (loaded, _) = Checkpoints.GptCheckpoint.Load(path);
            var expected = new float[7 * 2];
            var actual = new float[7 * 2];
            model.Logits(Sentence, 1, 7, expected);
            loaded.Logits(Sentence, 1, 7, actual);
            Assert.Multiple(() =>
            {
                Assert.That(loaded.Config.FixedHeads, Is.EqualTo(2));
                Assert.That(actual, Is.EqualTo(expected));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Invalid_fixed_heads_are_refused_and_zero_is_left_out_of_the_json()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => (TestData.Tiny(causal: true) with { FixedHeads = 1 }).Validated(),
                Throws.ArgumentException.With.Message.Contains("Causal = false"));
            Assert.That(() => Encoder(3, heads: 2).Validated(), Throws.ArgumentException.With.Message.Contains("FixedHeads (3)"));
            Assert.That(() => Encoder(-1).Validated(), Throws.ArgumentException.With.Message.Contains("FixedHeads (-1)"));
            Assert.That(JsonSerializer.Serialize(Encoder(0)), Does.Not.Contain("FixedHeads"));
            Assert.That(JsonSerializer.Serialize(Encoder(2)), Does.Contain("\"FixedHeads\":2"));
        });
    }
}
