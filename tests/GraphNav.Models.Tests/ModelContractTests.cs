using GraphNav.Models.Gpt;

namespace GraphNav.Models.Tests;

public class ModelContractTests
{
    [Test]
    public void Logits_rejects_ids_outside_the_vocabulary_and_sequences_beyond_the_context()
    {
        ITokenModel model = new GptModel(TestData.Tiny(), 1, 2);
        var logits = new float[1 * 8 * 11];
        Assert.Multiple(() =>
        {
            Assert.That(() => model.Logits(new int[] { 0, 11 }, 1, 2, new float[22]),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains("is 11").And.Message.Contains("[0, VocabSize = 11)"));
            Assert.That(() => model.Logits(new int[] { -1, 0 }, 1, 2, new float[22]),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains("is -1"));
            Assert.That(() => model.Logits(new int[8], 1, 8, logits),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains("ContextLength = 7"));
        });
    }

    [Test]
    public void Logits_splits_batches_larger_than_MaxBatch_without_changing_results()
    {
        var model = new GptModel(TestData.Tiny(), 1, maxBatch: 2);
        var wide = new GptModel(TestData.Tiny(), 1, maxBatch: 5);
        int[] ids = TestData.Ids(5 * 7, 11, 8);
        var a = new float[5 * 7 * 11];
        var b = new float[5 * 7 * 11];
        model.Logits(ids, 5, 7, a);
        wide.Logits(ids, 5, 7, b);
        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public void Attention_maps_are_causal_probability_rows()
    {
        IAttentionModel model = new GptModel(TestData.Tiny(), 1, 2);
        var maps = new float[2 * 2 * 7 * 7];
        model.AttentionMaps(TestData.Ids(14, 11, 2), 2, 7, layer: 1, maps);
        Assert.Multiple(() =>
        {
            for (int row = 0; row < 2 * 2 * 7; row++)
            {
                int t = row % 7;
                var r = maps.AsSpan(row * 7, 7);
                Assert.That(r.ToArray().Sum(), Is.EqualTo(1f).Within(1e-5f));
                for (int t2 = t + 1; t2 < 7; t2++) Assert.That(r[t2], Is.Zero);
            }
        });
    }

    [Test]
    public void Config_validation_names_the_field()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new GptConfig { Channels = 30, Heads = 4 }.Validated(),
                Throws.ArgumentException.With.Message.Contains("Channels (30) must be divisible by Heads (4)"));
            Assert.That(() => new GptConfig { Layers = 0 }.Validated(),
                Throws.ArgumentException.With.Message.Contains("Layers must be positive"));
            Assert.That(GptConfig.PaperA(106).HeadSize, Is.EqualTo(32));
            Assert.That(GptConfig.AttentionOnlyA5(50).UseMlp, Is.False);
        });
    }

    [Test]
    public void Backward_without_a_loss_is_refused()
    {
        var model = new GptModel(TestData.Tiny(), 1, 1);
        model.Forward(new int[7], 1, 7);
        Assert.That(model.Backward, Throws.InvalidOperationException.With.Message.Contains("targets"));
    }

    [Test]
    public void Initialisation_follows_the_documented_scheme()
    {
        var config = GptConfig.PaperA(106);
        var model = new GptModel(config, seed: 0, maxBatch: 1);
        var p = model.Parameters;
        static double Std(Span<float> s)
        {
            double sum = 0, sq = 0;
            foreach (float x in s)
            {
                sum += x;
                sq += (double)x * x;
            }
            double mean = sum / s.Length;
            return Math.Sqrt(sq / s.Length - mean * mean);
        }
        Assert.Multiple(() =>
        {
            Assert.That(Std(p.Fcw.Span), Is.EqualTo(0.02).Within(0.001));
            Assert.That(Std(p.FcProjw.Span), Is.EqualTo(0.02 / Math.Sqrt(4)).Within(0.0005));
            Assert.That(p.Ln1w.Span.ToArray(), Is.All.EqualTo(1f));
            Assert.That(p.Qkvb.Span.ToArray(), Is.All.Zero);
            Assert.That(p.All.Select(t => t.Name), Is.EqualTo(new[]
            {
                "wte", "wpe", "ln1w", "ln1b", "qkvw", "qkvb", "attprojw", "attprojb", "ln2w", "ln2b",
                "fcw", "fcb", "fcprojw", "fcprojb", "lnfw", "lnfb",
            }));
            Assert.That(new GptModel(config, 0, 1).Parameters.Data, Is.EqualTo(p.Data), "same seed, same bits");
        });
    }
}

public class EmbeddingCapabilityTests
{
    [Test]
    public void Value_projection_is_the_v_block_of_qkv()
    {
        var model = new GptModel(TestData.Tiny(), 3, 1);
        IEmbeddingModel e = model;
        var w = new float[64];
        var b = new float[8];
        model.Parameters.Qkvb.Layer(1)[17] = 0.25f;
        e.CopyValueProjection(1, w, b);
        Assert.Multiple(() =>
        {
            // Row 0 of W_V is row 2C = 16 of qkvw[1]; bias entry 1 is qkvb[1][17].
            Assert.That(w[..8], Is.EqualTo(model.Parameters.Qkvw.Layer(1).Slice(16 * 8, 8).ToArray()));
            Assert.That(b[1], Is.EqualTo(0.25f));
            Assert.That(() => e.CopyValueProjection(2, w, b), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
