using GraphNav.Experiments.Statistics;
using GraphNav.Models;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>
/// Scores a LEGO model on a sentence set, and turns per-seed outcomes into bootstrap estimates whose
/// unit is a sentence (docs/PHENOMENA.md §0): per chain position, accuracy and shortcut-probe agreement.
/// Works with any <see cref="ITokenModel"/> whose logits per position are 1 or 2 (engine encoder
/// with OutputSize 2, an exported encoder).
/// </summary>
public static class LegoEvaluation
{
    /// <summary>Rows per forward call.</summary>
    public const int DefaultBatch = 250;

    /// <summary>
    /// One outcome per sentence (same order): the model's label at every clause's left-hand token.
    /// Each sentence is padded to <paramref name="sequence"/> (the spec's context length).
    /// </summary>
    /// <exception cref="ArgumentException">The model's head does not give 1 or 2 logits per position.</exception>
    public static LegoOutcome[] Evaluate(ITokenModel model, IReadOnlyList<LegoSentence> sentences, int sequence, int batch = DefaultBatch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        int classes = model.VocabSize;
        if (classes is not (1 or 2))
            throw new ArgumentException($"A LEGO model gives 1 or 2 logits per position; this model gives {classes} (a vocabulary head?).", nameof(model));
        var outcomes = new LegoOutcome[sentences.Count];
        var inputs = new int[batch * sequence];
        var targets = new int[batch * sequence];
        var logits = new float[batch * sequence * classes];
        for (int start = 0; start < sentences.Count; start += batch)
        {
            int rows = Math.Min(batch, sentences.Count - start);
            var ids = inputs.AsSpan(0, rows * sequence);
            LegoBatchBuilder.Fill(sentences, start, rows, sequence, 0, ids, targets.AsSpan(0, rows * sequence));
            var z = logits.AsSpan(0, rows * sequence * classes);
            model.Logits(ids, rows, sequence, z);
            LegoScoring.ScoreBatch(sentences, start, rows, sequence, classes, z).CopyTo(outcomes, start);
        }
        return outcomes;
    }

    /// <summary>Accuracy at chain position <paramref name="position"/> (1-based): mean over seeds,
    /// interval from the seed-stratified bootstrap over sentences.</summary>
    public static Estimate Accuracy(IReadOnlyList<IReadOnlyList<LegoOutcome>> outcomesBySeed, int position) =>
        Bootstrap.Estimate(outcomesBySeed, units => Fraction(units, o => o.IsCorrect(position)));

    /// <summary>Fraction of answers equal to the shortcut label (<see cref="LegoShortcutProbe"/>) at
    /// chain position <paramref name="position"/>, bootstrapped over sentences.</summary>
    public static Estimate ShortcutAgreement(IReadOnlyList<IReadOnlyList<LegoOutcome>> outcomesBySeed, int position) =>
        Bootstrap.Estimate(outcomesBySeed, units => Fraction(units, o => o.AgreesWithShortcut(position)));

    /// <summary>Mean accuracy over chain positions first…last (each sentence weighs the same), bootstrapped over sentences.</summary>
    public static Estimate Accuracy(IReadOnlyList<IReadOnlyList<LegoOutcome>> outcomesBySeed, int first, int last) =>
        Bootstrap.Estimate(outcomesBySeed, units => LegoScoring.Accuracy(units, first, last));

    private static double Fraction(IReadOnlyList<LegoOutcome> units, Func<LegoOutcome, bool> hit)
    {
        if (units.Count == 0) return double.NaN;
        int count = 0;
        foreach (var o in units)
            if (hit(o)) count++;
        return (double)count / units.Count;
    }
}
