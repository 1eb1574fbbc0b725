using System.Globalization;

namespace GraphNav.Experiments.Statistics;

/// <summary>A point estimate with its 95% bootstrap interval (docs/PHENOMENA.md §0).</summary>
/// <param name="Mean">Mean over seeds of the per-seed statistic.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
public readonly record struct Estimate(double Mean, double Low, double High)
{
    private readonly int[]? _undefinedSeeds;

    /// <summary>
    /// Indices of the seeds whose statistic was undefined (NaN) on their own units: the mean over
    /// seeds is then undefined too (NaN), and the result names these seeds instead of averaging the rest.
    /// </summary>
    public IReadOnlyList<int> UndefinedSeeds
    {
        get => _undefinedSeeds ?? [];
        init => _undefinedSeeds = value is null || value.Count == 0 ? null : [.. value];
    }

    /// <summary>True when the whole interval lies above zero.</summary>
    public bool AboveZero => Low > 0;

    /// <summary>True when the whole interval lies below zero.</summary>
    public bool BelowZero => High < 0;

    /// <summary>True when the interval does not contain zero.</summary>
    public bool ExcludesZero => AboveZero || BelowZero;

    /// <summary>"0.072 [0.061, 0.083]" with the given number format.</summary>
    public string Format(string format = "0.000") =>
        string.Create(CultureInfo.InvariantCulture, $"{Mean.ToString(format, CultureInfo.InvariantCulture)} [{Low.ToString(format, CultureInfo.InvariantCulture)}, {High.ToString(format, CultureInfo.InvariantCulture)}]");

    /// <inheritdoc />
    public override string ToString() => Format();
}
