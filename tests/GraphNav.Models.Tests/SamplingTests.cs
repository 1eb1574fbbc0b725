using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;

namespace GraphNav.Models.Tests;

public class SamplingTests
{
    private static readonly GptConfig Config = new GptConfig
    {
        VocabSize = 13, ContextLength = 12, Layers = 2, Heads = 2, Channels = 16,
    }.Validated();

    /// <summary>A model with larger-than-init weights so its distributions are far from uniform.</summary>
    private static GptModel Model(int maxBatch = 8)
    {
        var model = new GptModel(Config, seed: 11, maxBatch);
        var rng = new SeededRandom(12);
        foreach (var t in model.Parameters.All)
            if (t.Name is "wte" or "wpe" or "qkvw" or "fcw" or "lmheadw")
                foreach (ref float x in t.Span) x = 0.5f * rng.NextNormal();
        return model;
    }

    private static List<int[]> Prompts(int count)
    {
        var prompts = new List<int[]>();
        for (int i = 0; i < count; i++) prompts.Add(TestData.Ids(1 + i % 4, Config.VocabSize, 100 + (ulong)i));
        return prompts;
    }

    [Test]
    public void Incremental_logits_match_the_full_forward()
    {
        var model = Model();
        const int B = 3, T = 12;
        int[] ids = TestData.Ids(B * T, Config.VocabSize, 4);
        var full = new float[B * T * Config.VocabSize];
        model.Logits(ids, B, T, full);
        var cache = new GptKvCache(model, B);
        var step = new float[B * Config.VocabSize];
        var tokens = new int[B];
        double worst = 0;
        for (int t = 0; t < T; t++)
        {
            for (int b = 0; b < B; b++) tokens[b] = ids[b * T + t];
            cache.Step(tokens, t, B, step);
            for (int b = 0; b < B; b++)
                for (int v = 0; v < Config.VocabSize; v++)
                    worst = Math.Max(worst, Math.Abs(step[b * Config.VocabSize + v] - full[(b * T + t) * Config.VocabSize + v]));
        }
        TestContext.Out.WriteLine($"max |incremental − full| = {worst:G3}");
        Assert.That(worst, Is.LessThanOrEqualTo(1e-5));
    }

    /// <summary>More rows than the few-row Gemv path takes (the linear layers run Gemm): the full
    /// forward's logits, and after the parameters change (SyncWeights) the new parameters' logits.</summary>
    [Test]
    public void Incremental_logits_of_many_rows_match_the_full_forward_and_follow_parameter_changes()
    {
        var model = Model(maxBatch: 12);
        KvCacheAgreement.AssertMatchesFullForward(model, B: 12, T: 9);
        var cache = model.KvCache(12);
        var before = new float[12 * Config.VocabSize];
        cache.Step(TestData.Ids(12, Config.VocabSize, 5), 0, 12, before);
        model.Parameters.LmHeadw.Span[0] += 1f; // row 0 of the head: logit 0 of every row moves
        cache.SyncWeights();
        var after = new float[12 * Config.VocabSize];
        cache.Step(TestData.Ids(12, Config.VocabSize, 5), 0, 12, after);
        Assert.That(after[0], Is.Not.EqualTo(before[0]), "the step read the changed parameters");
        KvCacheAgreement.AssertMatchesFullForward(model, B: 12, T: 9);
    }

    [TestCase(0f, 0)]
    [TestCase(1f, 0)]
    [TestCase(0.8f, 4)]
    public void KV_cache_sampling_equals_full_recomputation(float temperature, int topK)
    {
        var model = Model();
        var prompts = Prompts(7);
        var options = new SamplingOptions { Temperature = temperature, TopK = topK, MaxNewTokens = 9, StopToken = 3, Seed = 5 };
        var cached = GptSampler.Generate(model, prompts, options);
        var recomputed = GptSampler.Generate(model, prompts, options with { UseKvCache = false });
        Assert.That(cached, Is.EqualTo(recomputed));
        Assert.That(cached.Sum(g => g.Length), Is.GreaterThan(7), "something was generated");
    }

    [Test]
    public void Sampling_does_not_depend_on_batch_size_or_composition()
    {
        var model = Model();
        var prompts = Prompts(6);
        var options = new SamplingOptions { Temperature = 1f, MaxNewTokens = 8, Seed = 9 };
        var together = GptSampler.Generate(model, prompts, options with { BatchSize = 6 });
        var inPairs = GptSampler.Generate(model, prompts, options with { BatchSize = 2 });
        var alone = Enumerable.Range(0, 6)
            .Select(i => GptSampler.Generate(model, [prompts[i]], options with { Seed = 9 })[0])
            .ToArray();
        // Alone, prompt i becomes prompt 0 of its request: its stream is (seed, 0), so it differs
        // from prompt i inside the full request unless i == 0. Compare stream-aligned requests:
        var aligned = Enumerable.Range(0, 6)
            .Select(i => GptSampler.Generate(model, prompts.Take(i + 1).ToList(), options with { BatchSize = 1 })[i])
            .ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(inPairs, Is.EqualTo(together));
            Assert.That(aligned, Is.EqualTo(together));
            Assert.That(alone[0], Is.EqualTo(together[0]));
        });
        // Not vacuous: at temperature 1 another seed changes the samples.
        var otherSeed = GptSampler.Generate(model, prompts, options with { Seed = 10 });
        Assert.That(otherSeed, Is.Not.EqualTo(together));
    }

    [Test]
    public void Greedy_stops_at_the_stop_token_and_respects_the_context()
    {
        var model = Model();
        var prompts = Prompts(5);
        var free = GptSampler.Generate(model, prompts, new SamplingOptions { MaxNewTokens = 100 });
        Assert.That(free.Select((g, i) => g.Length + prompts[i].Length), Is.All.EqualTo(Config.ContextLength + 1),
            "without a stop token each row fills the context, plus the token the last position predicts");
        int stop = free[0][2];
        var stopped = GptSampler.Generate(model, prompts, new SamplingOptions { MaxNewTokens = 100, StopToken = stop });
        Assert.Multiple(() =>
        {
            Assert.That(stopped[0][^1], Is.EqualTo(stop));
            Assert.That(stopped[0].Count(t => t == stop), Is.EqualTo(1));
            Assert.That(stopped[0].Length, Is.LessThanOrEqualTo(3));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_sequence_may_end_one_token_past_the_context(bool kvCache)
    {
        // Issue #18: tasks accept sequences of T + 1 tokens (the last one is only ever a target), but
        // generation stopped at T tokens, so the END of a longest path could never be emitted. The
        // logits at position T − 1 predict token T + 1; that token is appended and never fed back.
        var model = Model();
        var full = TestData.Ids(Config.ContextLength, Config.VocabSize, 7);
        var prompts = new List<int[]> { full, full[..^1], new[] { 1 } };
        var options = new SamplingOptions { MaxNewTokens = 100, UseKvCache = kvCache };
        var generated = GptSampler.Generate(model, prompts, options);
        Assert.Multiple(() =>
        {
            Assert.That(generated.Select((g, i) => prompts[i].Length + g.Length), Is.All.EqualTo(Config.ContextLength + 1));
            Assert.That(generated[0], Has.Length.EqualTo(1), "a prompt that fills the context still gets its next token");
        });
    }

    [Test]
    public void Greedy_takes_the_lowest_index_on_ties()
    {
        float[] logits = [0f, 2f, 1f, 2f];
        Assert.That(TokenChooser.Choose(logits, 0f, 0, new SeededRandom(1), new double[4]), Is.EqualTo(1));
    }

    [Test]
    public void Top_k_never_draws_outside_the_k_largest()
    {
        float[] logits = [5f, 4f, 0f, 4.5f, -1f];
        var rng = new SeededRandom(2);
        var scratch = new double[5];
        var drawn = new HashSet<int>();
        for (int i = 0; i < 500; i++) drawn.Add(TokenChooser.Choose(logits, 10f, 2, rng, scratch));
        Assert.That(drawn, Is.EquivalentTo(new[] { 0, 3 }));
    }

    [Test]
    public void Bad_prompts_are_rejected_with_clear_messages()
    {
        var model = Model();
        Assert.Multiple(() =>
        {
            Assert.That(() => GptSampler.Generate(model, [[1, 13]], new SamplingOptions()),
                Throws.ArgumentException.With.Message.Contains("token 13"));
            Assert.That(() => GptSampler.Generate(model, [new int[13]], new SamplingOptions()),
                Throws.ArgumentException.With.Message.Contains("more than the context length 12"));
            Assert.That(() => GptSampler.Generate(model, [[]], new SamplingOptions()),
                Throws.ArgumentException.With.Message.Contains("empty"));
            Assert.That(() => GptSampler.Generate(model, [[1]], new SamplingOptions { Temperature = -1 }),
                Throws.ArgumentException.With.Message.Contains("Temperature"));
        });
    }
}
