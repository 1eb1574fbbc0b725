namespace GraphNav.Tasks.Lego;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator whose state can be derived directly from
/// (seed, stream, index), so sentence i of a stream is a pure function of those three numbers and
/// any sentence can be produced without replaying the ones before it.
/// </summary>
internal struct LegoRandom
{
    private ulong _state;

    /// <summary>The generator of sentence <paramref name="index"/> of <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    public LegoRandom(int seed, int stream, long index)
    {
        // Each input goes through the finaliser before being combined, so that neighbouring seeds,
        // streams and indices give unrelated states.
        ulong s = Mix((ulong)(uint)seed + 0x9E3779B97F4A7C15UL);
        s = Mix(s ^ ((ulong)(uint)stream * 0xD1B54A32D192ED03UL));
        s = Mix(s ^ (ulong)index);
        _state = s;
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform integer in [0, bound), bound ≥ 1, without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        ulong b = (ulong)bound;
        ulong product = (NextUInt64() >> 32) * b;
        uint low = (uint)product;
        if (low < (uint)bound)
        {
            uint threshold = (uint)(-bound) % (uint)bound;
            while (low < threshold)
            {
                product = (NextUInt64() >> 32) * b;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    /// <summary>A fair coin: +1 or −1.</summary>
    public int NextSign() => (NextUInt64() >> 63) == 0 ? 1 : -1;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
