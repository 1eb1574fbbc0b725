namespace GraphNav.Models.Kernels;

/// <summary>The error function, which .NET's Math lacks.</summary>
public static class Erf
{
    /// <summary>
    /// erf(x) by Abramowitz &amp; Stegun 7.1.26: 1 − (a₁t + … + a₅t⁵)·e^(−x²), t = 1/(1 + p|x|), odd
    /// extension for x &lt; 0. Absolute error ≤ 1.5e-7 in exact arithmetic (tested &lt; 1e-6 in float).
    /// </summary>
    public static float Evaluate(float x)
    {
        const float p = 0.3275911f, a1 = 0.254829592f, a2 = -0.284496736f, a3 = 1.421413741f,
            a4 = -1.453152027f, a5 = 1.061405429f;
        float ax = MathF.Abs(x);
        float t = 1f / (1f + p * ax);
        float poly = ((((a5 * t + a4) * t + a3) * t + a2) * t + a1) * t;
        float y = 1f - poly * MathF.Exp(-ax * ax);
        return x < 0 ? -y : y;
    }
}
