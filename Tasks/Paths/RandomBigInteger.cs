using System.Numerics;

namespace GraphNav.Tasks.Paths;

/// <summary>Uniform draws of arbitrarily large integers from a seeded <see cref="Random"/>.</summary>
public static class RandomBigInteger
{
    /// <summary>
    /// A uniform integer in [0, <paramref name="exclusiveMax"/>). Small bounds use
    /// <see cref="Random.Next(int)"/>; large ones draw exactly as many random bits as the bound has
    /// and reject values ≥ the bound (fewer than 2 draws expected), so the result is exactly uniform.
    /// </summary>
    public static BigInteger Next(Random rng, BigInteger exclusiveMax)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (exclusiveMax.Sign <= 0)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "The bound must be positive.");
        if (exclusiveMax <= int.MaxValue)
            return rng.Next((int)exclusiveMax);
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
}
