using GraphNav.Models.Gpt;

namespace GraphNav.Models.Tests;

/// <summary>Tiny configs and seeded batches shared by the tests.</summary>
internal static class TestData
{
    /// <summary>V=11, T=7, L=2, C=8, NH=2: small enough for a finite-difference check of every entry.</summary>
    public static GptConfig Tiny(bool tied = false, bool mlp = true, bool causal = true, bool finalLn = true) => new GptConfig
    {
        VocabSize = 11, ContextLength = 7, Layers = 2, Heads = 2, Channels = 8,
        TiedHead = tied, UseMlp = mlp, Causal = causal, FinalLayerNorm = finalLn,
    }.Validated();

    /// <summary>Uniform ids in [0, v) from a seeded stream.</summary>
    public static int[] Ids(int count, int v, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var ids = new int[count];
        for (int i = 0; i < count; i++) ids[i] = (int)(rng.NextUInt64() % (ulong)v);
        return ids;
    }
}
