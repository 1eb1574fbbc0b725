using System.Numerics;

namespace GraphNav.Tasks.Scoring;

/// <summary>
/// Outcome counts and path diversity of S scored completions for one reachable pair (A2, A3).
/// </summary>
/// <param name="Samples">S, completions scored.</param>
/// <param name="Valid">Completions with outcome Valid.</param>
/// <param name="Missteps">Completions with outcome Misstep.</param>
/// <param name="PlanningFailures">Completions with outcome PlanningFailure.</param>
/// <param name="FormatErrors">Completions with outcome FormatError.</param>
/// <param name="DistinctPaths">Distinct parsed node sequences (<see cref="ScoredCompletion.Path"/>), valid or not,
/// empty parses excluded. A parse stops before the first misstep, so two invalid completions that differ
/// only after it count once; count raw completions if that matters.</param>
/// <param name="DistinctValidPaths">Distinct valid paths (the paper's diversity).</param>
/// <param name="Coverage">DistinctValidPaths / number of true start→goal paths.</param>
/// <param name="MeanValidLength">Mean length in edges of the valid completions (NaN if none).</param>
public sealed record SampleSummary(int Samples, int Valid, int Missteps, int PlanningFailures, int FormatErrors,
    int DistinctPaths, int DistinctValidPaths, double Coverage, double MeanValidLength)
{
    /// <summary>Valid / Samples.</summary>
    public double Accuracy => Samples == 0 ? double.NaN : (double)Valid / Samples;

    /// <summary>Summarises <paramref name="scored"/> for a pair with <paramref name="truePathCount"/> paths.</summary>
    public static SampleSummary Of(IEnumerable<ScoredCompletion> scored, BigInteger truePathCount)
    {
        ArgumentNullException.ThrowIfNull(scored);
        if (truePathCount.Sign <= 0)
            throw new ArgumentOutOfRangeException(nameof(truePathCount), truePathCount, "A reachable pair has at least one path.");
        int samples = 0, valid = 0, missteps = 0, planning = 0, format = 0;
        long validLengthSum = 0;
        var distinct = new HashSet<string>();
        var distinctValid = new HashSet<string>();
        foreach (var s in scored)
        {
            samples++;
            string key = string.Join(',', s.Path);
            if (s.Path.Length > 0) distinct.Add(key);
            switch (s.Outcome)
            {
                case PathOutcome.Valid: valid++; validLengthSum += s.Length; distinctValid.Add(key); break;
                case PathOutcome.Misstep: missteps++; break;
                case PathOutcome.PlanningFailure: planning++; break;
                default: format++; break;
            }
        }
        double coverage = (double)distinctValid.Count / (double)truePathCount;
        return new SampleSummary(samples, valid, missteps, planning, format, distinct.Count, distinctValid.Count, coverage,
            valid == 0 ? double.NaN : (double)validLengthSum / valid);
    }
}
