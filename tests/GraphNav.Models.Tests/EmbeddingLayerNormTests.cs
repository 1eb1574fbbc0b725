using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;

namespace GraphNav.Models.Tests;

/// <summary>GptConfig.EmbeddingLayerNorm: a LayerNorm (lnew, lneb) on the summed token + position
/// embeddings before block 0 (BERT; issue #17).</summary>
public class EmbeddingLayerNormTests
{
    private static GptConfig WithEmbeddingLn(bool causal = false, int outputSize = 2) => TestData.Tiny(causal: causal) with
    {
        EmbeddingLayerNorm = true, OutputSize = outputSize,
    };

    [TestCase(false, 2, TestName = "Embedding LayerNorm encoder with a 2-class head")]
    [TestCase(true, 0, TestName = "Embedding LayerNorm decoder with a vocabulary head")]
    public void Backward_matches_finite_differences_with_embedding_layer_norm(bool causal, int outputSize)
    {
        var config = WithEmbeddingLn(causal, outputSize);
        const int B = 3, T = 7;
        var model = new GptModel(config, seed: 2, maxBatch: B);
        // Perturb moves lnew/lneb off 1/0 too, so their gradients are checked at a generic point.
        FiniteDifferences.Perturb(model, 71);
        int[] ids = TestData.Ids(B * T, config.VocabSize, 5);
        int[] targets = TestData.Ids(B * T, config.OutputWidth, 6);
        targets[1] = targets[8] = targets[20] = -1;
        Assert.That(model.Parameters.Find("lnew"), Is.Not.Null);
        FiniteDifferences.AssertBackwardMatches(model, ids, targets, B, T);
    }

    [Test]
    public void Option_off_leaves_configs_and_parameters_unchanged()
    {
        var plain = TestData.Tiny();
        Assert.Multiple(() =>
        {
            Assert.That(System.Text.Json.JsonSerializer.Serialize(plain), Does.Not.Contain("EmbeddingLayerNorm"));
            Assert.That(new GptParameters(plain).Find("lnew"), Is.Null);
            Assert.That(GptParameters.CountFloats(plain with { EmbeddingLayerNorm = true }),
                Is.EqualTo(GptParameters.CountFloats(plain) + 2 * plain.Channels));
        });
        // Same seed, option off vs on: every shared tensor starts with the same bits (lnew/lneb draw nothing).
        var off = new GptModel(plain, seed: 9, maxBatch: 1);
        var on = new GptModel(plain with { EmbeddingLayerNorm = true }, seed: 9, maxBatch: 1);
        foreach (var t in off.Parameters.All)
            Assert.That(on.Parameters.Find(t.Name)!.Value.Span.ToArray(), Is.EqualTo(t.Span.ToArray()), t.Name);
        Assert.That(on.Parameters.Lnew.Span.ToArray(), Is.All.EqualTo(1f));
        Assert.That(on.Parameters.Lneb.Span.ToArray(), Is.All.EqualTo(0f));
    }

    /// <summary>The option's block-0 input is LayerNorm(wte[id] + wpe[t])·lnew + lneb: folding that by hand
    /// into the embeddings of a model without the option gives the same logits.</summary>
    [Test]
    public void Embedding_layer_norm_changes_the_forward_and_matches_a_manual_normalisation()
    {
        var config = WithEmbeddingLn();
        var on = new GptModel(config, seed: 4, maxBatch: 1);
        FiniteDifferences.Perturb(on, 13);
        var off = new GptModel(config with { EmbeddingLayerNorm = false }, seed: 4, maxBatch: 1);
        foreach (var t in off.Parameters.All) on.Parameters.Find(t.Name)!.Value.Span.CopyTo(t.Span);
        // Fold the embedding LayerNorm into the embeddings by hand for a one-token input at position 0:
        // wte'[id] = LN(wte[id] + wpe[0]) and wpe'[0] = 0 reproduce the option's block-0 input exactly.
        int c = config.Channels, id = 3;
        var x = new float[c];
        for (int i = 0; i < c; i++) x[i] = on.Parameters.Wte.Span[id * c + i] + on.Parameters.Wpe.Span[i];
        double mean = x.Average();
        double variance = x.Select(v => (v - mean) * (v - mean)).Average();
        double rstd = 1 / Math.Sqrt(variance + config.LayerNormEps);
        for (int i = 0; i < c; i++)
        {
            off.Parameters.Wte.Span[id * c + i] = (float)((x[i] - mean) * rstd * on.Parameters.Lnew.Span[i] + on.Parameters.Lneb.Span[i]);
            off.Parameters.Wpe.Span[i] = 0;
        }
        var a = new float[config.OutputWidth];
        var b = new float[config.OutputWidth];
        on.Logits([id], 1, 1, a);
        off.Logits([id], 1, 1, b);
        for (int i = 0; i < a.Length; i++) Assert.That(a[i], Is.EqualTo(b[i]).Within(1e-5f), $"logit {i}");
    }

    [Test]
    public void Kv_cache_of_an_embedding_layer_norm_decoder_matches_the_full_forward()
    {
        var config = WithEmbeddingLn(causal: true, outputSize: 0);
        var model = new GptModel(config, seed: 4, maxBatch: 2);
        FiniteDifferences.Perturb(model, 43);
        KvCacheAgreement.AssertMatchesFullForward(model);
    }

    [Test]
    public void Checkpoint_round_trips_the_embedding_layer_norm()
    {
        var config = WithEmbeddingLn();
        var model = new GptModel(config, seed: 5, maxBatch: 1);
        FiniteDifferences.Perturb(model, 17);
        string path = Path.Combine(Path.GetTempPath(), $"graphnav-embln-{Guid.NewGuid():N}.safetensors");
        try
        {
            GptCheckpoint.Save(path, model);
            var loaded = GptCheckpoint.Load(path, maxBatch: 1).Model;
            Assert.That(loaded.Config, Is.EqualTo(config));
            Assert.That(loaded.Parameters.Data, Is.EqualTo(model.Parameters.Data));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
