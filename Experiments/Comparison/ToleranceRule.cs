namespace GraphNav.Experiments.Comparison;

/// <summary>
/// How one family of measurements is judged against a baseline: which direction is better and how far
/// the candidate may move the bad way (in the measurement's own unit) before the change is a regression.
/// </summary>
/// <param name="Phenomenon">Phenomenon id, or "*" for every phenomenon.</param>
/// <param name="KeyPattern">Measurement key; '*' matches any run of characters ("accuracy_at_t_*").</param>
/// <param name="Better">Which direction is better.</param>
/// <param name="Tolerance">How far the whole interval of the difference must lie beyond zero in the bad
/// direction to count as a significant regression (≥ 0).</param>
public sealed record ToleranceRule(string Phenomenon, string KeyPattern, BetterDirection Better, double Tolerance)
{
    /// <summary>Whether this rule covers <paramref name="key"/> of <paramref name="phenomenon"/>.</summary>
    public bool Matches(string phenomenon, string key) =>
        (Phenomenon == "*" || string.Equals(Phenomenon, phenomenon, StringComparison.Ordinal)) && Wildcard(KeyPattern, key);

    /// <summary>Glob match with '*' only (no other special characters in measurement keys).</summary>
    internal static bool Wildcard(string pattern, string text)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1) return string.Equals(pattern, text, StringComparison.Ordinal);
        if (!text.StartsWith(parts[0], StringComparison.Ordinal) || !text.EndsWith(parts[^1], StringComparison.Ordinal)) return false;
        if (text.Length < parts[0].Length + parts[^1].Length) return false;
        int at = parts[0].Length;
        int end = text.Length - parts[^1].Length;
        for (int i = 1; i < parts.Length - 1; i++)
        {
            int found = text.IndexOf(parts[i], at, end - at, StringComparison.Ordinal);
            if (found < 0) return false;
            at = found + parts[i].Length;
        }
        return true;
    }
}
