using GraphNav.Tasks;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Graph;

/// <summary>
/// The scored completions of one (start, goal) pair at one temperature: the evaluation unit of the
/// bootstrap (docs/PHENOMENA.md §0).
/// </summary>
/// <param name="Pair">The pair.</param>
/// <param name="Completions">Raw generated tokens, one array per sample.</param>
/// <param name="Scored">The outcome of each sample, in the same order.</param>
public sealed record PairSamples(NodePair Pair, int[][] Completions, ScoredCompletion[] Scored)
{
    /// <summary>Fraction of samples that are valid paths.</summary>
    public double Accuracy => Fraction(PathOutcome.Valid);

    /// <summary>Fraction of samples with the given outcome.</summary>
    public double Fraction(PathOutcome outcome) => Scored.Length == 0 ? double.NaN : Scored.Count(s => s.Outcome == outcome) / (double)Scored.Length;

    /// <summary>Distinct completions, valid or not (compared token by token).</summary>
    public int DistinctCompletions => Completions.Select(c => string.Join(',', c)).Distinct(StringComparer.Ordinal).Count();

    /// <summary>Distinct valid paths.</summary>
    public int DistinctValidPaths => Scored.Where(s => s.Outcome == PathOutcome.Valid).Select(s => string.Join(',', s.Path)).Distinct(StringComparer.Ordinal).Count();
}
