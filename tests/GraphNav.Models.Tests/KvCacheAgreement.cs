using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;

namespace GraphNav.Models.Tests;

/// <summary>The KV cache's contract, checked one way for every model variant: decoding a batch token by
/// token gives the logits of one full forward over the whole sequence.</summary>
internal static class KvCacheAgreement
{
    /// <summary>Feeds <paramref name="B"/> random sequences of <paramref name="T"/> tokens through
    /// <see cref="GptKvCache"/> one position at a time and asserts every logit equals the full forward's to 1e-5.</summary>
    public static void AssertMatchesFullForward(GptModel model, int B = 2, int T = 7, ulong idSeed = 12)
    {
        ArgumentNullException.ThrowIfNull(model);
        int v = model.Config.VocabSize;
        int[] ids = TestData.Ids(B * T, v, idSeed);
        var full = new float[B * T * v];   // [B, T, V]
        model.Logits(ids, B, T, full);
        var cache = new GptKvCache(model, B);
        var step = new float[B * v];       // [B, V] at position t
        var tokens = new int[B];
        for (int t = 0; t < T; t++)
        {
            for (int b = 0; b < B; b++) tokens[b] = ids[b * T + t];
            cache.Step(tokens, t, B, step);
            for (int b = 0; b < B; b++)
                for (int k = 0; k < v; k++)
                    Assert.That(step[b * v + k], Is.EqualTo(full[(b * T + t) * v + k]).Within(1e-5f), $"b {b} t {t} logit {k}");
        }
    }
}
