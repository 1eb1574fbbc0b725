using System.CommandLine;
using GraphNav.Common;

namespace GraphNav.Cli;

/// <summary>
/// Range checks for the numeric options, before any work starts: a value below the minimum or above
/// the limit is a one-line error naming the option (issue 14: `--samples 100000000` used to run out
/// of memory as an internal error). The upper limits are far above any sensible run and can be
/// raised with their GRAPHNAV_LIMIT_* variable.
/// </summary>
internal static class OptionLimits
{
    /// <summary>Samples per pair at each temperature (all of them are kept for the diversity counts).</summary>
    public static readonly InputLimit Samples = new("SAMPLES", 10_000);

    /// <summary>Training steps.</summary>
    public static readonly InputLimit Steps = new("STEPS", 10_000_000);

    /// <summary>Sequences per training step (the activations grow with it).</summary>
    public static readonly InputLimit Batch = new("BATCH", 4096);

    /// <summary>Training examples written by `task export`.</summary>
    public static readonly InputLimit Examples = new("EXAMPLES", 100_000_000);

    /// <summary>Engine / ONNX Runtime threads.</summary>
    public static readonly InputLimit Threads = new("THREADS", 64);

    /// <summary>The option's value, or ArgumentException when it is below <paramref name="minimum"/> or above <paramref name="limit"/>.</summary>
    public static int Checked(ParseResult parse, Option<int> option, int minimum, InputLimit limit)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(limit);
        int value = parse.GetValue(option);
        if (value < minimum) throw new ArgumentException($"{option.Name} must be ≥ {minimum} (got {value}).");
        limit.CheckArgument(value, option.Name);
        return value;
    }
}
