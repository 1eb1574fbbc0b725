using System.Globalization;
using System.Text;

namespace GraphNav.Experiments.Results;

/// <summary>
/// What a measurement is: a stable <see cref="Key"/> that records, tests and <c>graphnav report</c>
/// look it up by, and a <see cref="Label"/> for people. Both may hold composite-format placeholders
/// ("accuracy_at_position_{0}" / "accuracy at position {0}") filled by <see cref="Of"/>, so a family of
/// measurements (per position, per seed, per temperature) is declared once.
/// </summary>
/// <param name="Key">Snake-case identifier, e.g. "stepwise_minus_direct".</param>
/// <param name="Label">Display text, e.g. "stepwise − direct balanced accuracy".</param>
public readonly record struct MeasureKey(string Key, string Label)
{
    /// <summary>This key with its placeholders filled (invariant culture) in both the key and the label.</summary>
    public MeasureKey Of(params object[] arguments) => new(
        string.Format(CultureInfo.InvariantCulture, Key, arguments),
        string.Format(CultureInfo.InvariantCulture, Label, arguments));

    /// <summary>This key for a variant of the protocol: <paramref name="keySuffix"/> appended to the key
    /// (e.g. "_delta4"), <paramref name="labelSuffix"/> to the label (e.g. " (Δ=4)").</summary>
    public MeasureKey Variant(string keySuffix, string labelSuffix) => new(Key + keySuffix, Label + labelSuffix);

    /// <summary>
    /// A key made from a display label (lower-case ASCII letters and digits, every other run of
    /// characters one underscore), for the phenomena whose measurements are not yet declared in a spec.
    /// </summary>
    public static MeasureKey FromLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var key = new StringBuilder(label.Length);
        foreach (char c in label.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) key.Append(c);
            else if (key.Length > 0 && key[^1] != '_') key.Append('_');
        }
        return new MeasureKey(key.ToString().TrimEnd('_'), label);
    }
}
