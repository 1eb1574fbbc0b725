namespace GraphNav.Tasks.Lego;

/// <summary>
/// Turns a model's per-token outputs into <see cref="LegoOutcome"/>s and summarises them per chain
/// position. Logits are [B, T, C] row-major with C = 2 (class 1 when logit[1] &gt; logit[0]; a tie
/// reads as class 0) or C = 1 (class 1 when the logit &gt; 0). Only the left-hand variable token of
/// each clause is read.
/// </summary>
public static class LegoScoring
{
    /// <summary>Scores one sentence from its logits [T, classes] (T ≥ the sentence length).</summary>
    /// <exception cref="ArgumentException">Wrong class count, too few logits, or a NaN logit at a scored token.</exception>
    public static LegoOutcome Score(LegoSentence sentence, ReadOnlySpan<float> logits, int classes)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (classes is not (1 or 2))
            throw new ArgumentException($"LEGO heads have 1 or 2 logits per token; got {classes}.", nameof(classes));
        if (logits.Length < sentence.Length * classes)
            throw new ArgumentException(
                $"Logits hold {logits.Length} values; a {sentence.Length}-token sentence needs at least {sentence.Length} × {classes}.", nameof(logits));
        var predicted = new int[sentence.Variables];
        for (int c = 0; c < sentence.Variables; c++)
        {
            var at = logits.Slice(LegoSentence.VariableToken(c) * classes, classes);
            if (float.IsNaN(at[0]) || (classes == 2 && float.IsNaN(at[1])))
                throw new ArgumentException($"NaN logit at token {LegoSentence.VariableToken(c)} of the sentence; the model's output is broken.", nameof(logits));
            bool one = classes == 1 ? at[0] > 0 : at[1] > at[0];
            predicted[sentence.ChainPosition(c) - 1] = one ? 1 : 0;
        }
        return FromPredictions(sentence, predicted);
    }

    /// <summary>
    /// Scores a batch: row b of <paramref name="logits"/> [batch, sequence, classes] belongs to
    /// <c>sentences[start + b]</c>.
    /// </summary>
    public static LegoOutcome[] ScoreBatch(IReadOnlyList<LegoSentence> sentences, int start, int batch, int sequence,
        int classes, ReadOnlySpan<float> logits)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (start < 0 || batch < 0 || start + batch > sentences.Count)
            throw new ArgumentOutOfRangeException(nameof(batch),
                $"Rows {start}…{start + batch - 1} are outside the {sentences.Count} sentences given.");
        if (logits.Length < batch * sequence * classes)
            throw new ArgumentException(
                $"Logits hold {logits.Length} values; [batch, T, C] = [{batch}, {sequence}, {classes}] needs {batch * sequence * classes}.", nameof(logits));
        var outcomes = new LegoOutcome[batch];
        for (int b = 0; b < batch; b++)
        {
            var sentence = sentences[start + b];
            if (sentence.Length > sequence)
                throw new ArgumentException($"Sentence {start + b} has {sentence.Length} tokens, more than T = {sequence}.", nameof(sequence));
            outcomes[b] = Score(sentence, logits.Slice(b * sequence * classes, sequence * classes), classes);
        }
        return outcomes;
    }

    /// <summary>
    /// An outcome from predicted labels given directly, indexed by chain position
    /// (<c>predicted[p − 1]</c> is the label at position p), each 0 or 1.
    /// </summary>
    public static LegoOutcome FromPredictions(LegoSentence sentence, ReadOnlySpan<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        int n = sentence.Variables;
        if (predicted.Length != n)
            throw new ArgumentException($"Expected {n} predictions (one per chain position); got {predicted.Length}.", nameof(predicted));
        foreach (int label in predicted)
        {
            if (label is not (0 or 1))
                throw new ArgumentException($"A LEGO prediction is a label 0 or 1; got {label}.", nameof(predicted));
        }
        var truth = new int[n];
        var shortcut = new int[n];
        for (int c = 0; c < n; c++)
        {
            int p = sentence.ChainPosition(c);
            truth[p - 1] = sentence.Label(c);
            shortcut[p - 1] = LegoShortcutProbe.ShortcutLabel(sentence, c);
        }
        return new LegoOutcome(predicted.ToArray(), truth, shortcut);
    }

    /// <summary>Accuracy at each chain position over the outcomes: element p − 1 is position p (empty for no outcomes).</summary>
    public static double[] AccuracyByPosition(IReadOnlyList<LegoOutcome> outcomes) =>
        FractionByPosition(outcomes, static (o, p) => o.IsCorrect(p));

    /// <summary>
    /// Mean accuracy over chain positions <paramref name="firstPosition"/>…<paramref name="lastPosition"/>
    /// (inclusive) of every outcome; each sentence weighs the same. E.g. supervised = (1, k),
    /// unsupervised = (k + 1, n). NaN for no outcomes.
    /// </summary>
    public static double Accuracy(IReadOnlyList<LegoOutcome> outcomes, int firstPosition, int lastPosition) =>
        FractionOver(outcomes, firstPosition, lastPosition, static (o, p) => o.IsCorrect(p));

    internal static double[] FractionByPosition(IReadOnlyList<LegoOutcome> outcomes, Func<LegoOutcome, int, bool> hit)
    {
        int n = CommonLength(outcomes);
        if (outcomes.Count == 0) return [];
        var fractions = new double[n];
        for (int p = 1; p <= n; p++) fractions[p - 1] = FractionOver(outcomes, p, p, hit);
        return fractions;
    }

    internal static double FractionOver(IReadOnlyList<LegoOutcome> outcomes, int firstPosition, int lastPosition,
        Func<LegoOutcome, int, bool> hit)
    {
        int n = CommonLength(outcomes);
        if (firstPosition < 1 || lastPosition > n || firstPosition > lastPosition)
            throw new ArgumentOutOfRangeException(nameof(firstPosition),
                $"Chain positions {firstPosition}…{lastPosition} are not a range inside 1…{n}.");
        if (outcomes.Count == 0) return double.NaN;
        long hits = 0;
        foreach (var o in outcomes)
        {
            for (int p = firstPosition; p <= lastPosition; p++)
            {
                if (hit(o, p)) hits++;
            }
        }
        return hits / (double)((long)outcomes.Count * (lastPosition - firstPosition + 1));
    }

    private static int CommonLength(IReadOnlyList<LegoOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0) return int.MaxValue; // any range is valid; the caller returns NaN
        int n = outcomes[0].Variables;
        foreach (var o in outcomes)
        {
            if (o.Variables != n)
                throw new ArgumentException($"Outcomes mix chains of {n} and {o.Variables} variables; score one n at a time.", nameof(outcomes));
        }
        return n;
    }
}
