namespace GraphNav.Experiments.Statistics;

/// <summary>Spearman's rank correlation ρ (Pearson correlation of tie-averaged ranks).</summary>
public static class Spearman
{
    /// <summary>ρ between x and y; NaN when fewer than two points or either side is constant.</summary>
    public static double Rho(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"x has {x.Count} values but y has {y.Count}; they must pair up.", nameof(y));
        if (x.Count < 2) return double.NaN;
        var rx = Ranks.Average(x, out _);
        var ry = Ranks.Average(y, out _);
        double mx = rx.Average(), my = ry.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            double dx = rx[i] - mx, dy = ry[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
