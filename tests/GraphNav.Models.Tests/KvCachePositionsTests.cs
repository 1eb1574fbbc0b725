using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;

namespace GraphNav.Models.Tests;

/// <summary>
/// <see cref="GptKvCache"/> takes several positions per step (a prompt in one pass). However the
/// positions are grouped into steps, every row's logits after a step must be the bits one position per
/// step gives at that position — across the few-row Gemv path and Gemm (3 rows × 4 positions is 12
/// rows), for any thread count — or generation would depend on the prompts a row is batched with.
/// </summary>
public class KvCachePositionsTests
{
    private static readonly GptConfig Small = new GptConfig
    {
        VocabSize = 13, ContextLength = 12, Layers = 2, Heads = 2, Channels = 16,
    }.Validated();

    /// <summary>Logits [T][B·V] after each position, one position per step.</summary>
    private static float[][] OnePerStep(GptModel model, int[] ids, int B, int T)
    {
        int v = model.Config.VocabSize;
        var cache = new GptKvCache(model, B);
        var tokens = new int[B];
        var logits = new float[T][];
        for (int t = 0; t < T; t++)
        {
            for (int b = 0; b < B; b++) tokens[b] = ids[b * T + t];
            logits[t] = new float[B * v];
            cache.Step(tokens, t, B, logits[t]);
        }
        return logits;
    }

    /// <summary>Feeds the positions in groups of the given sizes; asserts each group's logits equal
    /// <paramref name="reference"/> at its last position, bit for bit.</summary>
    private static void AssertGrouped(GptModel model, int[] ids, int B, int T, int[] groups, float[][] reference)
    {
        Assert.That(groups.Sum(), Is.EqualTo(T));
        int v = model.Config.VocabSize;
        var cache = new GptKvCache(model, B);
        int position = 0;
        foreach (int n in groups)
        {
            var tokens = new int[B * n]; // [B, n]: row b's new tokens at b·n …
            for (int b = 0; b < B; b++)
                for (int i = 0; i < n; i++) tokens[b * n + i] = ids[b * T + position + i];
            var logits = new float[B * v];
            cache.Step(tokens, position, B, n, logits);
            position += n;
            Assert.That(logits, Is.EqualTo(reference[position - 1]),
                $"B {B}, groups [{string.Join(", ", groups)}], {model.Threads} thread(s): logits after position {position - 1}");
        }
    }

    [Test]
    public void Several_positions_per_step_give_the_bits_of_one_position_per_step([Values(1, 3, 12)] int B)
    {
        const int T = 12;
        var model = new GptModel(Small, seed: 5, maxBatch: B);
        int[] ids = TestData.Ids(B * T, Small.VocabSize, 7);
        var reference = OnePerStep(model, ids, B, T);
        foreach (var groups in new[] { new[] { 12 }, [5, 1, 4, 2], [3, 3, 3, 3], [1, 11] })
            AssertGrouped(model, ids, B, T, groups, reference);
    }

    [Test]
    public void A_prompt_step_of_64_paper_a_rows_gives_the_one_position_bits_for_one_to_three_threads()
    {
        var config = GptConfig.PaperA(106);
        const int B = 64, T = 16;
        int[] ids = TestData.Ids(B * T, config.VocabSize, 8);
        var reference = OnePerStep(new GptModel(config, seed: 2, maxBatch: B), ids, B, T);
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var model = new GptModel(config, seed: 2, maxBatch: B) { Threads = threads };
            Assert.That(model.KvCache(B).PositionsPerStep(B), Is.EqualTo(8), "512 rows per step: 8 positions of 64 rows");
            AssertGrouped(model, ids, B, T, [8, 8], reference);
            AssertGrouped(model, ids, B, T, [3, 8, 1, 4], reference);
        }
    }

    [Test]
    public void A_step_with_too_many_positions_is_refused_with_the_limit()
    {
        var model = new GptModel(Small, seed: 5, maxBatch: 64);
        var cache = new GptKvCache(model, 64); // 64 rows × 12 positions = 768 rows > 512: 8 positions per step
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            cache.Step(new int[64 * 9], 0, 64, 9, new float[64 * Small.VocabSize]));
        Assert.That(error!.Message, Does.Contain("positions must be in [1, 8] for a batch of 64"));
        error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            cache.Step(new int[2 * 3], 10, 2, 3, new float[2 * Small.VocabSize]));
        Assert.That(error!.Message, Does.Contain("positions 10…12 must lie in [0, ContextLength = 12)"));
    }
}
