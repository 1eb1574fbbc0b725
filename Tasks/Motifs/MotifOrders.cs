namespace GraphNav.Tasks.Motifs;

/// <summary>
/// Motif orders for the A6 protocol: train on chains of ≤ K_train motifs with some orders held out, test on
/// the held-out orders and on longer chains.
/// </summary>
public static class MotifOrders
{
    /// <summary>All orders of <paramref name="length"/> distinct motifs out of <paramref name="motifCount"/>, lexicographic.</summary>
    public static IReadOnlyList<int[]> All(int motifCount, int length)
    {
        if (length < 1 || length > motifCount)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Order length must be in [1, {motifCount}].");
        var result = new List<int[]>();
        var current = new int[length];
        var used = new bool[motifCount];
        void Extend(int depth)
        {
            if (depth == length) { result.Add([.. current]); return; }
            for (int m = 0; m < motifCount; m++)
            {
                if (used[m]) continue;
                used[m] = true; current[depth] = m;
                Extend(depth + 1);
                used[m] = false;
            }
        }
        Extend(0);
        return result;
    }

    /// <summary>
    /// Splits the orders of lengths 1 … <paramref name="maxTrainLength"/>: all single-motif orders train (they
    /// teach navigation inside each motif); of each longer length, round(<paramref name="heldOutFraction"/> · n)
    /// uniformly drawn orders are held out, the rest train.
    /// </summary>
    public static (IReadOnlyList<int[]> Train, IReadOnlyList<int[]> HeldOut) Split(int motifCount, int maxTrainLength, double heldOutFraction, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (double.IsNaN(heldOutFraction) || heldOutFraction < 0 || heldOutFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction, "Held-out fraction must be in [0, 1).");
        var train = new List<int[]>(All(motifCount, 1));
        var heldOut = new List<int[]>();
        for (int length = 2; length <= maxTrainLength; length++)
        {
            var orders = All(motifCount, length).ToArray();
            Paths.UniformRandom.Shuffle(rng, orders);
            int k = (int)Math.Round(heldOutFraction * orders.Length, MidpointRounding.AwayFromZero);
            heldOut.AddRange(orders[..k]);
            train.AddRange(orders[k..]);
        }
        return (train, heldOut);
    }
}
