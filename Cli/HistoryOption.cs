using System.CommandLine;
using GraphNav.History;

namespace GraphNav.Cli;

/// <summary>The <c>--history FILE</c> option the commands that read or append the history share.</summary>
internal static class HistoryOption
{
    /// <summary>Creates the option (System.CommandLine options belong to one command each).</summary>
    public static Option<string?> Create() => new("--history")
    {
        Description = $"The history file (SQLite). Default: ${HistoryLocation.Variable}, else {HistoryLocation.FileName} in the cache folder (~/.cache/graphnav).",
    };
}
