using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Comparison;

/// <summary>How the interval of a difference was obtained.</summary>
public enum ComparisonMethod
{
    /// <summary>Paired bootstrap over the units both runs measured (same seed, same unit id).</summary>
    Paired,

    /// <summary>Independent bootstrap of each run's units (both kept per-unit values, but not of the same units).</summary>
    Unpaired,

    /// <summary>Normal approximation from the two records' 95% intervals (a record without per-unit values).</summary>
    Intervals,

    /// <summary>No interval: a measurement recorded without one.</summary>
    None,
}

/// <summary>What a difference means against its tolerance.</summary>
public enum ComparisonOutcome
{
    /// <summary>The whole interval lies beyond the tolerance in the bad direction.</summary>
    Regression,

    /// <summary>The whole interval lies beyond the tolerance in the good direction.</summary>
    Improvement,

    /// <summary>Neither: no significant change beyond the tolerance.</summary>
    Unchanged,

    /// <summary>Not judged: no better direction is declared, no interval exists, or a run lacks the measurement.</summary>
    NotJudged,
}

/// <summary>One measurement of one phenomenon, candidate against baseline.</summary>
/// <param name="Key">Measurement key.</param>
/// <param name="Label">Display label.</param>
/// <param name="Baseline">Baseline mean (NaN when the baseline lacks it).</param>
/// <param name="Candidate">Candidate mean (NaN when the candidate lacks it).</param>
/// <param name="Difference">Candidate − baseline (for a paired comparison: the mean paired difference over the shared units).</param>
/// <param name="Low">Lower end of the 95% interval of the difference (NaN without one).</param>
/// <param name="High">Upper end of the 95% interval of the difference.</param>
/// <param name="Method">How the interval was obtained.</param>
/// <param name="Units">Units paired (paired method) or resampled (unpaired); 0 otherwise.</param>
/// <param name="Better">Better direction.</param>
/// <param name="Tolerance">Tolerance applied.</param>
/// <param name="Outcome">Regression, improvement, unchanged or not judged.</param>
public sealed record MeasurementComparison(
    string Key, string Label, double Baseline, double Candidate, double Difference, double Low, double High,
    ComparisonMethod Method, int Units, BetterDirection Better, double Tolerance, ComparisonOutcome Outcome);

/// <summary>One phenomenon, candidate against baseline.</summary>
/// <param name="Phenomenon">Id.</param>
/// <param name="Title">Short name.</param>
/// <param name="BaselineVerdict">The baseline's verdict, null when the baseline has no record of it.</param>
/// <param name="CandidateVerdict">The candidate's verdict, null when the candidate has no record of it.</param>
/// <param name="Measurements">Each measurement both or either run recorded.</param>
public sealed record PhenomenonComparison(
    string Phenomenon, string Title, Verdict? BaselineVerdict, Verdict? CandidateVerdict, IReadOnlyList<MeasurementComparison> Measurements)
{
    /// <summary>The measurements that regressed significantly.</summary>
    public IEnumerable<MeasurementComparison> Regressions => Measurements.Where(m => m.Outcome == ComparisonOutcome.Regression);
}

/// <summary>Everything <c>graphnav compare</c> found.</summary>
/// <param name="Baseline">Where the baseline records came from.</param>
/// <param name="Candidate">Where the candidate records came from.</param>
/// <param name="Phenomena">Per phenomenon, in id order.</param>
public sealed record ComparisonReport(string Baseline, string Candidate, IReadOnlyList<PhenomenonComparison> Phenomena)
{
    /// <summary>Whether any measurement regressed significantly (the exit status of <c>graphnav compare</c>).</summary>
    public bool HasRegression => Phenomena.Any(p => p.Regressions.Any());
}
