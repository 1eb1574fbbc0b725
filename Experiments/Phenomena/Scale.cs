using System.Text.Json.Serialization;

namespace GraphNav.Experiments.Phenomena;

/// <summary>docs/PHENOMENA.md §5: quick scale runs in the default test run; paper scale is explicit.
/// Records and file names spell it in lower case ("quick", "paper").</summary>
public enum Scale
{
    /// <summary>Small graphs and token budgets; the whole default run fits in 25 minutes on 2 cores.</summary>
    [JsonStringEnumMemberName("quick")]
    Quick,

    /// <summary>The papers' sizes (or the largest this CPU trains in reasonable time).</summary>
    [JsonStringEnumMemberName("paper")]
    Paper,
}

/// <summary>How scales are spelt in records, file names and test names.</summary>
public static class ScaleNames
{
    /// <summary>"quick" or "paper".</summary>
    public static string Of(Scale scale) => scale switch
    {
        Scale.Quick => "quick",
        Scale.Paper => "paper",
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown scale."),
    };
}
