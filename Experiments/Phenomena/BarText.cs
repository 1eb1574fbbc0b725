using System.Globalization;

namespace GraphNav.Experiments.Phenomena;

/// <summary>How a spec writes its thresholds into bar prose, so the prose is derived from the numbers the checks use.</summary>
public static class BarText
{
    /// <summary>A fraction as a whole percentage, e.g. 0.9 → "90%".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A fraction as whole percentage points, e.g. 0.3 → "30".</summary>
    public static string Points(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture);

    /// <summary>A number with two decimals, e.g. 0.05 → "0.05".</summary>
    public static string TwoDecimals(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A number with at most two decimals, e.g. 3 → "3", 0.5 → "0.5".</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
