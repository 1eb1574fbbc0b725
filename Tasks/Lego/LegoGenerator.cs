namespace GraphNav.Tasks.Lego;

/// <summary>
/// Draws LEGO sentences. Sentence i of a split is a pure function of (n, alphabet size, shuffled,
/// seed, split, i): its generator is SplitMix64 seeded from those, so sentences can be produced in
/// any order, by any thread, without replaying earlier ones. Per sentence, in this order: n distinct
/// names uniformly without replacement (chain order), the first value and the n−1 relation signs as
/// fair coins, then — when shuffled — a uniform permutation of the clauses. The ordered and shuffled
/// variants of one (seed, split, i) therefore hold the same chain.
/// </summary>
public sealed class LegoGenerator
{
    private IReadOnlyList<LegoSentence>? _testSet;

    /// <summary>Creates a generator for a validated spec.</summary>
    public LegoGenerator(LegoSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        Tokens = spec.CreateTokens();
    }

    /// <summary>The spec sentences are drawn from.</summary>
    public LegoSpec Spec { get; }

    /// <summary>The vocabulary of the spec's alphabet.</summary>
    public LegoTokens Tokens { get; }

    /// <summary>Sentence <paramref name="index"/> (≥ 0) of a split's unbounded stream.</summary>
    public LegoSentence Sentence(LegoSplit split, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        int n = Spec.Variables;
        var ids = new int[Spec.SentenceLength];
        var labels = new int[n];
        var positions = new int[n];
        Write(split, index, ids, labels, positions, new int[ScratchLength]);
        return new LegoSentence(ids, labels, positions);
    }

    /// <summary>
    /// Training sentence for stream position <paramref name="index"/>: sentence index mod TrainSize of
    /// the training split when TrainSize &gt; 0 (epochs over a fixed set), else sentence index itself.
    /// </summary>
    public LegoSentence TrainSentence(long index) => Sentence(LegoSplit.Train, TrainIndex(index));

    /// <summary>The unbounded training stream: TrainSentence(0), TrainSentence(1), ….</summary>
    public IEnumerable<LegoSentence> TrainStream()
    {
        for (long i = 0; ; i++) yield return TrainSentence(i);
    }

    /// <summary>The fixed training set (the first TrainSize sentences of the training split).</summary>
    /// <exception cref="InvalidOperationException">TrainSize is 0 (an unbounded stream has no set).</exception>
    public IReadOnlyList<LegoSentence> TrainSet()
    {
        if (Spec.TrainSize == 0)
            throw new InvalidOperationException("This LEGO spec has train_size 0 (an unbounded stream); there is no fixed training set.");
        return Enumerable.Range(0, Spec.TrainSize).Select(i => Sentence(LegoSplit.Train, i)).ToArray();
    }

    /// <summary>The fixed test set: the first TestSize sentences of the test split (computed once).</summary>
    public IReadOnlyList<LegoSentence> TestSet() =>
        _testSet ??= Enumerable.Range(0, Spec.TestSize).Select(i => Sentence(LegoSplit.Test, i)).ToArray();

    internal long TrainIndex(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Spec.TrainSize > 0 ? index % Spec.TrainSize : index;
    }

    /// <summary>Scratch ints <see cref="Write"/> needs: names, signs and clause order, n each.</summary>
    internal int ScratchLength => 3 * Spec.Variables;

    /// <summary>
    /// Writes sentence <paramref name="index"/> of <paramref name="split"/> without allocating.
    /// ids [5n]; labels and positions [n] in sentence order; scratch [3n].
    /// </summary>
    internal void Write(LegoSplit split, long index, Span<int> ids, Span<int> labels, Span<int> positions, Span<int> scratch)
    {
        int n = Spec.Variables;
        var names = scratch[..n];          // chain order: name index of variable j
        var signs = scratch.Slice(n, n);   // chain order: sign of clause j (clause 0: the value itself)
        var order = scratch.Slice(2 * n, n); // sentence slot → chain index
        var rng = new LegoRandom(Spec.Seed, (int)split, index);

        // Names without replacement by rejection: expected draws stay small because n ≤ alphabet,
        // and no scratch the size of the alphabet is needed.
        for (int j = 0; j < n; j++)
        {
            int name;
            do name = rng.NextInt(Spec.AlphabetSize);
            while (names[..j].Contains(name));
            names[j] = name;
        }
        for (int j = 0; j < n; j++) signs[j] = rng.NextSign();
        for (int p = 0; p < n; p++) order[p] = p;
        if (Spec.Shuffled)
        {
            for (int p = n - 1; p > 0; p--)
            {
                int q = rng.NextInt(p + 1);
                (order[p], order[q]) = (order[q], order[p]);
            }
        }

        for (int p = 0; p < n; p++)
        {
            int j = order[p];
            var clause = ids.Slice(p * LegoSpec.TokensPerClause, LegoSpec.TokensPerClause);
            clause[0] = LegoTokens.FirstVariable + names[j];
            clause[1] = LegoTokens.Assign;
            clause[2] = signs[j] > 0 ? LegoTokens.Plus : LegoTokens.Minus;
            clause[3] = j == 0 ? LegoTokens.One : LegoTokens.FirstVariable + names[j - 1];
            clause[4] = LegoTokens.Separator;
            positions[p] = j + 1;
        }
        // Values along the chain: value(0) = sign(0); value(j) = sign(j)·value(j−1). Reuse signs as values.
        for (int j = 1; j < n; j++) signs[j] *= signs[j - 1];
        for (int p = 0; p < n; p++) labels[p] = signs[order[p]] > 0 ? 1 : 0;
    }
}
