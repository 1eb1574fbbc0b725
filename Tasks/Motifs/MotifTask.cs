namespace GraphNav.Tasks.Motifs;

/// <summary>
/// The A6 setting bundled: a motif set, the training orders (length ≤ K_train, some held out), the
/// held-out orders and the longer test orders (length K_train + 2), and a context length that covers the
/// longest of them.
/// </summary>
/// <param name="Set">The motifs.</param>
/// <param name="TrainOrders">Orders the training stream draws from.</param>
/// <param name="HeldOutOrders">Orders of length 2 … K_train never trained on (A6 test 1).</param>
/// <param name="LongOrders">All orders of length K_train + 2 (A6 test 2), or empty if K_train + 2 &gt; K.</param>
/// <param name="ContextLength">T covering the longest possible example of any order above.</param>
/// <param name="Seed">Seed that drew the motifs and the split.</param>
public sealed record MotifTask(MotifSet Set, IReadOnlyList<int[]> TrainOrders, IReadOnlyList<int[]> HeldOutOrders,
    IReadOnlyList<int[]> LongOrders, int ContextLength, int Seed)
{
    /// <summary>
    /// Draws K motifs <c>hierarchical(layers, width, p)</c> and splits the orders, all from
    /// <c>new Random(seed)</c>. Uncalibrated defaults for quick scale: <see cref="CreateQuick"/>.
    /// </summary>
    public static MotifTask Create(int motifCount, int layers, int width, double p, int trainLength, double heldOutFraction, int seed)
    {
        if (trainLength < 1 || trainLength > motifCount)
            throw new ArgumentOutOfRangeException(nameof(trainLength), trainLength, $"K_train must be in [1, {motifCount}].");
        var rng = new Random(seed);
        var set = MotifSet.Generate(motifCount, layers, width, p, rng);
        var (train, heldOut) = MotifOrders.Split(motifCount, trainLength, heldOutFraction, rng);
        int longLength = trainLength + 2;
        var longOrders = longLength <= motifCount ? MotifOrders.All(motifCount, longLength) : [];
        int maxLength = longLength <= motifCount ? longLength : trainLength;
        return new MotifTask(set, train, heldOut, longOrders, MaxTokens(motifCount, maxLength, layers) - 1, seed);
    }

    /// <summary>The quick-scale A6 task of <paramref name="seed"/> (<see cref="MotifPreset.Quick"/>).</summary>
    public static MotifTask CreateQuick(int seed) => MotifPreset.Quick.Create(seed);

    /// <summary>
    /// Tokens of the longest example on a chain of <paramref name="motifs"/> motifs out of
    /// <paramref name="motifCount"/>: 3 per exemplar (always K − 1 of them, <see cref="MotifChain.SampleContext"/>),
    /// 4 for <c>EXEMPLAR goal start :</c>, one per node (motifs · layers), END.
    /// </summary>
    public static int MaxTokens(int motifCount, int motifs, int layers) => 3 * (motifCount - 1) + 4 + motifs * layers + 1;
}
