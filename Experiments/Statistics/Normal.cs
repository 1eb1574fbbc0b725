namespace GraphNav.Experiments.Statistics;

/// <summary>The standard normal distribution's tail, for p-values.</summary>
public static class Normal
{
    /// <summary>P(Z &gt; z) for a standard normal Z.</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>
    /// Complementary error function by the Chebyshev-fitted rational form of Numerical Recipes
    /// (erfcc, fractional error &lt; 1.2e-7 everywhere): ample for p-values compared with 0.01.
    /// </summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
            t * (-0.82215223 + t * 0.17087277))))))));
        double r = t * Math.Exp(poly);
        return x >= 0 ? r : 2.0 - r;
    }
}
