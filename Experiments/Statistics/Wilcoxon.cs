namespace GraphNav.Experiments.Statistics;

/// <summary>
/// Wilcoxon signed-rank test of paired differences against a zero median (A3's paired test over
/// pairs). Zero differences are dropped (Wilcoxon's convention); the p-value uses the normal
/// approximation with tie correction, which is accurate for the ≥ 30 pairs A3 requires.
/// </summary>
public static class Wilcoxon
{
    /// <summary>Result: W+ (sum of ranks of positive differences), non-zero count, z and two-sided p.</summary>
    public readonly record struct Result(double WPlus, int N, double Z, double PValue);

    /// <summary>Two-sided signed-rank test of <paramref name="differences"/>.</summary>
    public static Result SignedRank(IReadOnlyList<double> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var nonZero = differences.Where(d => d != 0 && !double.IsNaN(d)).ToArray();
        int n = nonZero.Length;
        if (n == 0) return new Result(0, 0, 0, 1);
        var ranks = Ranks.Average(nonZero.Select(Math.Abs).ToArray(), out double ties);
        double wPlus = 0;
        for (int i = 0; i < n; i++) if (nonZero[i] > 0) wPlus += ranks[i];
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1) * (2.0 * n + 1) / 24.0 - ties / 48.0;
        if (variance <= 0) return new Result(wPlus, n, 0, 1);
        double z = (wPlus - mean) / Math.Sqrt(variance);
        double p = Math.Min(1, 2 * Normal.UpperTail(Math.Abs(z)));
        return new Result(wPlus, n, z, p);
    }
}
