namespace GraphNav.Experiments.Statistics;

/// <summary>
/// Percentile bootstrap stratified by seed (docs/PHENOMENA.md §0): the evaluation units of each seed (a
/// (start, goal) pair, a LEGO sentence) are resampled with replacement, the statistic is computed
/// per seed on the resample, and the resample's value is the mean over seeds. Resampling units, not
/// individual samples, keeps thousands of samples from a few pairs from faking significance.
/// </summary>
public static class Bootstrap
{
    /// <summary>Resamples used unless a caller asks otherwise: enough for stable 2.5/97.5 percentiles.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>Seed of the resampling generator: fixed so that an interval is reproducible.</summary>
    public const int DefaultSeed = 20240207;

    /// <summary>
    /// Estimates mean over seeds of <paramref name="statistic"/> with a 95% percentile interval.
    /// A seed whose statistic is NaN on its own units (or that has no units) is not dropped from the mean: the estimate's
    /// mean and interval are NaN and <see cref="Statistics.Estimate.UndefinedSeeds"/> names it. A
    /// resample in which some seed's statistic is NaN (e.g. a class absent from that resample) is
    /// discarded as a whole, so every resample is a mean over the same seeds. Units of different
    /// seeds are never mixed.
    /// </summary>
    /// <typeparam name="TUnit">One evaluation unit, e.g. the outcomes of one (start, goal) pair.</typeparam>
    /// <param name="unitsBySeed">For each seed, its evaluation units.</param>
    /// <param name="statistic">The per-seed statistic over a list of units (for a paired
    /// comparison, the difference computed on the same units).</param>
    /// <param name="resamples">Number of bootstrap resamples.</param>
    /// <param name="seed">Seed of the resampling generator.</param>
    public static Estimate Estimate<TUnit>(
        IReadOnlyList<IReadOnlyList<TUnit>> unitsBySeed,
        Func<IReadOnlyList<TUnit>, double> statistic,
        int resamples = DefaultResamples,
        int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(unitsBySeed);
        ArgumentNullException.ThrowIfNull(statistic);
        if (unitsBySeed.Count == 0)
            throw new ArgumentException("At least one seed's units are needed.", nameof(unitsBySeed));
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 100);

        var undefined = new List<int>();
        double point = MeanOverSeeds(unitsBySeed, statistic, undefined);
        if (undefined.Count > 0) return new Estimate(double.NaN, double.NaN, double.NaN) { UndefinedSeeds = undefined };
        var rng = new Random(seed);
        var buffers = unitsBySeed.Select(u => new TUnit[u.Count]).ToArray();
        var values = new List<double>(resamples);
        for (int r = 0; r < resamples; r++)
        {
            for (int s = 0; s < unitsBySeed.Count; s++)
            {
                var units = unitsBySeed[s];
                var buffer = buffers[s];
                for (int i = 0; i < buffer.Length; i++) buffer[i] = units[rng.Next(units.Count)];
            }
            double v = MeanOverSeeds(buffers, statistic, undefined: null);
            if (!double.IsNaN(v)) values.Add(v);
        }
        if (values.Count == 0) return new Estimate(point, double.NaN, double.NaN);
        values.Sort();
        return new Estimate(point, Percentile(values, 0.025), Percentile(values, 0.975));
    }

    /// <summary>
    /// Mean over seeds of the statistic; NaN when it is NaN for any seed (whose index goes to
    /// <paramref name="undefined"/> when given). A seed without units has no statistic: undefined too.
    /// </summary>
    private static double MeanOverSeeds<TUnit>(IReadOnlyList<IReadOnlyList<TUnit>> unitsBySeed,
        Func<IReadOnlyList<TUnit>, double> statistic, List<int>? undefined)
    {
        double sum = 0;
        int count = 0;
        bool anyUndefined = false;
        for (int s = 0; s < unitsBySeed.Count; s++)
        {
            var units = unitsBySeed[s];
            double v = units.Count == 0 ? double.NaN : statistic(units);
            if (double.IsNaN(v))
            {
                anyUndefined = true;
                if (undefined is null) break;
                undefined.Add(s);
                continue;
            }
            sum += v;
            count++;
        }
        return anyUndefined || count == 0 ? double.NaN : sum / count;
    }

    /// <summary>Linear interpolation between order statistics of a sorted list.</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        double fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}
