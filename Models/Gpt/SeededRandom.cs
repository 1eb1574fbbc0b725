namespace GraphNav.Models.Gpt;

/// <summary>
/// The engine's only source of randomness: SplitMix64 (Steele, Lea &amp; Flood 2014; the seeding
/// generator of xoshiro) with Box–Muller normals. Small, fast, and the same bits on every platform.
/// </summary>
public sealed class SeededRandom
{
    private ulong _state;
    private float _spareNormal;
    private bool _hasSpare;

    /// <summary>Starts the stream for <paramref name="seed"/>.</summary>
    public SeededRandom(ulong seed) => _state = seed;

    /// <summary>An independent stream for item <paramref name="stream"/> under <paramref name="seed"/>
    /// (e.g. sequence i of a sampling request), so draws do not depend on batch composition.</summary>
    public static SeededRandom ForStream(ulong seed, ulong stream)
    {
        ulong s = seed;
        ulong mixedSeed = Mix(ref s);
        ulong t = stream ^ 0xD1B54A32D192ED03UL;
        return new SeededRandom(mixedSeed ^ Mix(ref t));
    }

    /// <summary>Next 64 uniformly random bits.</summary>
    public ulong NextUInt64() => Mix(ref _state);

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal N(0, 1) by Box–Muller; the second value of each pair is kept for the next call.</summary>
    public float NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = (float)(r * Math.Sin(2 * Math.PI * u2));
        _hasSpare = true;
        return (float)(r * Math.Cos(2 * Math.PI * u2));
    }

    private static ulong Mix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
