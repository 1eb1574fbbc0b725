using System.Buffers.Binary;
using System.Numerics;

namespace GraphNav.Tasks.Paths;

/// <summary>Exactly uniform integer draws from a seeded <see cref="Random"/>.</summary>
/// <remarks>
/// Why not <see cref="Random.Next(int)"/>: a seeded <see cref="Random"/> runs the legacy algorithm, whose
/// Next(n) scales one 31-bit sample by n; for n near 2^31 some results are then 50% likelier than others.
/// Here we draw exactly as many random bits as the bound needs (from <see cref="Random.NextBytes(Span{byte})"/>)
/// and reject values ≥ the bound (fewer than 2 draws expected), which is exact given uniform bytes.
/// </remarks>
public static class UniformRandom
{
    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>).</summary>
    public static BigInteger Next(Random rng, BigInteger exclusiveMax)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (exclusiveMax.Sign <= 0)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "The bound must be positive.");
        if (exclusiveMax <= long.MaxValue) return Next(rng, (long)exclusiveMax);
        long bits = exclusiveMax.GetBitLength();
        var bytes = new byte[(bits + 7) / 8];
        byte topMask = (byte)((1 << (int)(((bits - 1) & 7) + 1)) - 1);
        while (true)
        {
            rng.NextBytes(bytes);
            bytes[^1] &= topMask;
            var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
            if (value < exclusiveMax) return value;
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>), without allocating.</summary>
    public static long Next(Random rng, long exclusiveMax)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (exclusiveMax <= 0)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "The bound must be positive.");
        if (exclusiveMax == 1) return 0;
        int bits = 64 - BitOperations.LeadingZeroCount((ulong)(exclusiveMax - 1));
        int byteCount = (bits + 7) / 8;
        ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        Span<byte> buffer = stackalloc byte[8];
        while (true)
        {
            buffer.Clear();
            rng.NextBytes(buffer[..byteCount]);
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(buffer) & mask;
            if (value < (ulong)exclusiveMax) return (long)value;
        }
    }

    /// <summary>A uniform index in [0, <paramref name="count"/>).</summary>
    public static int NextIndex(Random rng, int count) => (int)Next(rng, (long)count);

    /// <summary>
    /// Fisher–Yates shuffle in place with <see cref="NextIndex"/> (our own, so the permutation for a seed
    /// cannot change with the framework's <see cref="Random.Shuffle{T}(T[])"/> implementation).
    /// </summary>
    public static void Shuffle<T>(Random rng, T[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextIndex(rng, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
