using System.Text.Json;
using GraphNav.Models.Gpt;

namespace GraphNav.Models.Tests;

/// <summary>GptConfig.Initialization: GPT-2's residual scaling (default) against BERT's unscaled N(0, 0.02).</summary>
public class GptInitializationTests
{
    [Test]
    public void Bert_init_differs_from_gpt2_only_in_the_unscaled_residual_projections()
    {
        var gpt2Config = TestData.Tiny() with { Layers = 3 };
        var gpt2 = new GptModel(gpt2Config, seed: 5, maxBatch: 1);
        var bert = new GptModel(gpt2Config with { Initialization = GptInitialization.Bert }, seed: 5, maxBatch: 1);
        float scale = MathF.Sqrt(2f * gpt2Config.Layers);
        foreach (var t in gpt2.Parameters.All)
        {
            float[] expected = t.Span.ToArray();
            if (t.Name is "attprojw" or "fcprojw")
                for (int i = 0; i < expected.Length; i++) expected[i] = 0.02f * (expected[i] / (0.02f / scale));
            float[] actual = bert.Parameters.Find(t.Name)!.Value.Span.ToArray();
            Assert.That(actual, Is.EqualTo(expected).Within(1e-6f), t.Name);
        }
        // The unscaled projections really are N(0, 0.02): sample std within 10% of it.
        var fcproj = bert.Parameters.Find("fcprojw")!.Value.Span.ToArray();
        double std = Math.Sqrt(fcproj.Select(v => (double)v * v).Average());
        Assert.That(std, Is.EqualTo(0.02).Within(0.002));
    }

    [Test]
    public void Embedding_init_std_scales_only_wte_and_wpe()
    {
        var config = TestData.Tiny();
        var standard = new GptModel(config, seed: 3, maxBatch: 1);
        var unit = new GptModel(config with { EmbeddingInitStd = 1f }, seed: 3, maxBatch: 1);
        foreach (var t in standard.Parameters.All)
        {
            float[] expected = t.Span.ToArray();
            if (t.Name is "wte" or "wpe")
                for (int i = 0; i < expected.Length; i++) expected[i] = expected[i] / 0.02f;
            Assert.That(unit.Parameters.Find(t.Name)!.Value.Span.ToArray(), Is.EqualTo(expected).Within(1e-5f), t.Name);
        }
        Assert.That(JsonSerializer.Serialize(config), Does.Not.Contain("EmbeddingInitStd"));
        Assert.That(() => (config with { EmbeddingInitStd = 0f }).Validated(), Throws.ArgumentException.With.Message.Contains("EmbeddingInitStd"));
    }

    [Test]
    public void Default_is_left_out_of_the_json_and_bert_round_trips()
    {
        var plain = TestData.Tiny();
        Assert.That(JsonSerializer.Serialize(plain), Does.Not.Contain("Initialization"));
        var bert = plain with { Initialization = GptInitialization.Bert };
        string json = JsonSerializer.Serialize(bert);
        Assert.That(json, Does.Contain("\"Initialization\":\"Bert\""));
        Assert.That(JsonSerializer.Deserialize<GptConfig>(json), Is.EqualTo(bert));
    }

    [Test]
    public void An_undefined_scheme_is_refused_by_name()
    {
        var bad = TestData.Tiny() with { Initialization = (GptInitialization)7 };
        Assert.That(() => bad.Validated(), Throws.ArgumentException.With.Message.Contains("Initialization"));
    }
}
