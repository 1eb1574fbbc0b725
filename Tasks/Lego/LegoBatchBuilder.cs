namespace GraphNav.Tasks.Lego;

/// <summary>
/// Fills engine batches: <c>inputs</c> [B, T] token ids (PAD after the 5n sentence tokens) and
/// <c>targets</c> [B, T] where −1 means "not in the loss" and a supervised position holds the class
/// (0/1) of the 2-class head. Supervised positions are the left-hand variable tokens of the clauses
/// whose chain position is ≤ k; T is the spec's context length. One builder reuses its scratch, so
/// filling allocates nothing; it is not thread-safe (use one per thread).
/// </summary>
public sealed class LegoBatchBuilder
{
    private readonly LegoGenerator _generator;
    private readonly int[] _labels;    // [n] sentence order
    private readonly int[] _positions; // [n] sentence order
    private readonly int[] _scratch;   // [3n] generator scratch

    /// <summary>A builder drawing from <paramref name="generator"/>'s training stream.</summary>
    public LegoBatchBuilder(LegoGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        _labels = new int[generator.Spec.Variables];
        _positions = new int[generator.Spec.Variables];
        _scratch = new int[generator.ScratchLength];
    }

    /// <summary>T: the context length of every row.</summary>
    public int Sequence => _generator.Spec.ContextLength;

    /// <summary>
    /// Fills rows b = 0…batch−1 with training sentence <c>firstIndex + b</c> (see
    /// <see cref="LegoGenerator.TrainSentence"/>), loss on chain positions 1…k of the spec.
    /// inputs and targets are [batch, T] row-major with T = <see cref="Sequence"/>.
    /// </summary>
    public void FillTrain(long firstIndex, int batch, Span<int> inputs, Span<int> targets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);
        var spec = _generator.Spec;
        int t = spec.ContextLength;
        CheckShapes(batch, t, inputs, targets);
        int length = spec.SentenceLength;
        for (int b = 0; b < batch; b++)
        {
            var row = inputs.Slice(b * t, t);
            var rowTargets = targets.Slice(b * t, t);
            _generator.Write(LegoSplit.Train, _generator.TrainIndex(firstIndex + b), row[..length], _labels, _positions, _scratch);
            row[length..].Fill(LegoTokens.Pad);
            Supervise(_labels, _positions, spec.SupervisedPositions, rowTargets);
        }
    }

    /// <summary>
    /// Fills rows b = 0…batch−1 with <c>sentences[start + b]</c> (e.g. the test set), padded to
    /// <paramref name="sequence"/>, targets at chain positions 1…<paramref name="supervisedPositions"/>
    /// (pass n to put every position in the targets). inputs and targets are [batch, sequence].
    /// </summary>
    public static void Fill(IReadOnlyList<LegoSentence> sentences, int start, int batch, int sequence,
        int supervisedPositions, Span<int> inputs, Span<int> targets)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (start < 0 || batch < 0 || start + batch > sentences.Count)
            throw new ArgumentOutOfRangeException(nameof(batch),
                $"Rows {start}…{start + batch - 1} are outside the {sentences.Count} sentences given.");
        CheckShapes(batch, sequence, inputs, targets);
        for (int b = 0; b < batch; b++)
        {
            var sentence = sentences[start + b];
            if (sentence.Length > sequence)
                throw new ArgumentException($"Sentence {start + b} has {sentence.Length} tokens, more than the sequence length {sequence}.", nameof(sequence));
            var row = inputs.Slice(b * sequence, sequence);
            var rowTargets = targets.Slice(b * sequence, sequence);
            sentence.Ids.CopyTo(row);
            row[sentence.Length..].Fill(LegoTokens.Pad);
            rowTargets.Fill(-1);
            for (int c = 0; c < sentence.Variables; c++)
            {
                if (sentence.ChainPosition(c) <= supervisedPositions)
                    rowTargets[LegoSentence.VariableToken(c)] = sentence.Label(c);
            }
        }
    }

    private static void Supervise(ReadOnlySpan<int> labels, ReadOnlySpan<int> positions, int k, Span<int> targets)
    {
        targets.Fill(-1);
        for (int c = 0; c < labels.Length; c++)
        {
            if (positions[c] <= k) targets[LegoSentence.VariableToken(c)] = labels[c];
        }
    }

    private static void CheckShapes(int batch, int sequence, ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        if (inputs.Length < batch * sequence || targets.Length < batch * sequence)
            throw new ArgumentException(
                $"inputs ({inputs.Length}) and targets ({targets.Length}) must each hold batch × T = {batch} × {sequence} = {batch * sequence} ints.");
    }
}
