using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;

namespace GraphNav.Experiments.Comparison;

/// <summary>
/// Compares a candidate's phenomenon records with a baseline's, measurement by measurement: the
/// difference candidate − baseline with a 95% interval — paired over the units both runs measured
/// when both kept per-unit values (same seed, same unit id), an independent bootstrap of each run's
/// units when they kept per-unit values of different units, else a normal approximation from the two
/// intervals — judged against the measurement's tolerance (<see cref="ComparisonDefaults"/>).
/// </summary>
public static class RecordComparer
{
    /// <summary>Compares every phenomenon either side recorded.</summary>
    public static ComparisonReport Compare(RecordSet baseline, RecordSet candidate, IReadOnlyList<ToleranceOverride>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var ids = baseline.Records.Keys.Union(candidate.Records.Keys).Order(StringComparer.Ordinal);
        var phenomena = new List<PhenomenonComparison>();
        foreach (var id in ids)
        {
            var b = baseline.Records.GetValueOrDefault(id);
            var c = candidate.Records.GetValueOrDefault(id);
            var keys = (b?.Measurements.Select(m => m.Key) ?? []).Union(c?.Measurements.Select(m => m.Key) ?? []);
            var rows = keys.Select(key => Compare(id,
                b?.Measurements.FirstOrDefault(m => m.Key == key),
                c?.Measurements.FirstOrDefault(m => m.Key == key), overrides)).ToList();
            phenomena.Add(new PhenomenonComparison(id, (c ?? b)!.Title, b?.Verdict, c?.Verdict, rows));
        }
        return new ComparisonReport(baseline.Source, candidate.Source, phenomena);
    }

    /// <summary>One measurement; either side may be missing.</summary>
    public static MeasurementComparison Compare(string phenomenon, Measurement? baseline, Measurement? candidate, IReadOnlyList<ToleranceOverride>? overrides = null)
    {
        var any = candidate ?? baseline ?? throw new ArgumentException("At least one side of a comparison is needed.");
        var rule = ComparisonDefaults.For(phenomenon, any.Key, overrides);
        if (baseline is null || candidate is null)
            return new MeasurementComparison(any.Key, any.Label, baseline?.Mean ?? double.NaN, candidate?.Mean ?? double.NaN,
                double.NaN, double.NaN, double.NaN, ComparisonMethod.None, 0, rule.Better, rule.Tolerance, ComparisonOutcome.NotJudged);

        var (difference, method, units) = Difference(baseline, candidate);
        var outcome = Judge(difference, rule);
        return new MeasurementComparison(any.Key, candidate.Label, baseline.Mean, candidate.Mean, difference.Mean, difference.Low, difference.High,
            method, units, rule.Better, rule.Tolerance, outcome);
    }

    private static ComparisonOutcome Judge(Estimate difference, ToleranceRule rule)
    {
        if (rule.Better == BetterDirection.None || double.IsNaN(difference.Low) || double.IsNaN(difference.High)) return ComparisonOutcome.NotJudged;
        // In "better" units: positive is better, so a regression is an interval entirely below −tolerance.
        double sign = rule.Better == BetterDirection.Higher ? 1 : -1;
        double low = Math.Min(sign * difference.Low, sign * difference.High), high = Math.Max(sign * difference.Low, sign * difference.High);
        if (high < -rule.Tolerance) return ComparisonOutcome.Regression;
        if (low > rule.Tolerance) return ComparisonOutcome.Improvement;
        return ComparisonOutcome.Unchanged;
    }

    private static (Estimate Difference, ComparisonMethod Method, int Units) Difference(Measurement baseline, Measurement candidate)
    {
        if (baseline.PerUnit is { Count: > 0 } b && candidate.PerUnit is { Count: > 0 } c)
        {
            var paired = PairedDifferences(b, c);
            if (paired.Count > 0)
                return (Bootstrap.Estimate(paired, u => u.Average()), ComparisonMethod.Paired, paired.Sum(p => p.Count));
            return (UnpairedBootstrap(b, c), ComparisonMethod.Unpaired, b.Sum(s => s.Values.Count) + c.Sum(s => s.Values.Count));
        }
        double point = candidate.Mean - baseline.Mean;
        if (double.IsNaN(baseline.Low) || double.IsNaN(candidate.Low))
            return (new Estimate(point, double.NaN, double.NaN), ComparisonMethod.None, 0);
        // Two independent estimates: standard errors from the 95% half-widths, added in quadrature.
        const double z = 1.959964;
        double se = Math.Sqrt(Square((baseline.High - baseline.Low) / (2 * z)) + Square((candidate.High - candidate.Low) / (2 * z)));
        return (new Estimate(point, point - z * se, point + z * se), ComparisonMethod.Intervals, 0);
    }

    private static double Square(double x) => x * x;

    /// <summary>Per seed both runs measured, candidate − baseline on every unit id both hold (seeds with none are left out).</summary>
    private static List<IReadOnlyList<double>> PairedDifferences(IReadOnlyList<UnitValues> baseline, IReadOnlyList<UnitValues> candidate)
    {
        var result = new List<IReadOnlyList<double>>();
        foreach (var c in candidate.OrderBy(s => s.Seed))
        {
            var b = baseline.FirstOrDefault(s => s.Seed == c.Seed);
            if (b is null) continue;
            var byId = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 0; i < b.Units.Count; i++) byId.TryAdd(b.Units[i], b.Values[i]);
            var diffs = new List<double>();
            for (int i = 0; i < c.Units.Count; i++)
                if (byId.TryGetValue(c.Units[i], out var bv)) diffs.Add(c.Values[i] - bv);
            if (diffs.Count > 0) result.Add(diffs);
        }
        return result;
    }

    /// <summary>Independent percentile bootstrap of (mean over seeds of the candidate's unit means) − (the same for the baseline).</summary>
    private static Estimate UnpairedBootstrap(IReadOnlyList<UnitValues> baseline, IReadOnlyList<UnitValues> candidate)
    {
        static double Mean(IReadOnlyList<UnitValues> seeds) => seeds.Where(s => s.Values.Count > 0).Average(s => s.Values.Average());
        double point = Mean(candidate) - Mean(baseline);
        var rng = new Random(Bootstrap.DefaultSeed);
        var values = new double[Bootstrap.DefaultResamples];
        for (int r = 0; r < values.Length; r++) values[r] = Resampled(candidate, rng) - Resampled(baseline, rng);
        Array.Sort(values);
        return new Estimate(point, Bootstrap.Percentile(values, 0.025), Bootstrap.Percentile(values, 0.975));
    }

    private static double Resampled(IReadOnlyList<UnitValues> seeds, Random rng)
    {
        double sum = 0;
        int count = 0;
        foreach (var s in seeds)
        {
            int n = s.Values.Count;
            if (n == 0) continue;
            double total = 0;
            for (int i = 0; i < n; i++) total += s.Values[rng.Next(n)];
            sum += total / n;
            count++;
        }
        return sum / count;
    }
}
