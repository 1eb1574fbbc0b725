using System.Globalization;

namespace GraphNav.Experiments.Comparison;

/// <summary>
/// A user's tolerance for some measurements (<c>--tolerance KEY=VALUE</c>): KEY is a measurement key or
/// pattern ("heldout_validity_t0", "accuracy_at_t_*"), optionally with its phenomenon ("A2.heldout_validity_t0");
/// VALUE a tolerance ≥ 0, optionally followed by ":higher", ":lower" or ":none" to set the better direction.
/// </summary>
/// <param name="Phenomenon">Phenomenon id or "*".</param>
/// <param name="KeyPattern">Key or '*' pattern.</param>
/// <param name="Tolerance">The tolerance.</param>
/// <param name="Better">The direction, when the override sets it.</param>
public sealed record ToleranceOverride(string Phenomenon, string KeyPattern, double Tolerance, BetterDirection? Better)
{
    /// <summary>Whether this override covers the measurement.</summary>
    public bool Matches(string phenomenon, string key) =>
        (Phenomenon == "*" || string.Equals(Phenomenon, phenomenon, StringComparison.Ordinal)) && ToleranceRule.Wildcard(KeyPattern, key);

    /// <summary>Parses "KEY=VALUE"; a malformed one is refused in one line naming it.</summary>
    public static ToleranceOverride Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new ArgumentException($"--tolerance '{text}': write KEY=VALUE, e.g. heldout_validity_t0=0.05 or A2.accuracy_at_t_*=0.1.");
        string key = text[..eq].Trim(), value = text[(eq + 1)..].Trim();
        BetterDirection? better = null;
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            better = value[(colon + 1)..].Trim().ToLowerInvariant() switch
            {
                "higher" => BetterDirection.Higher,
                "lower" => BetterDirection.Lower,
                "none" => BetterDirection.None,
                var other => throw new ArgumentException($"--tolerance '{text}': direction '{other}' is not higher, lower or none."),
            };
            value = value[..colon];
        }
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var tolerance) || !(tolerance >= 0) || !double.IsFinite(tolerance))
            throw new ArgumentException($"--tolerance '{text}': '{value}' is not a tolerance ≥ 0.");
        int dot = key.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            ? new ToleranceOverride(key[..dot], key[(dot + 1)..], tolerance, better)
            : new ToleranceOverride("*", key, tolerance, better);
    }
}
