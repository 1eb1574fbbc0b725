namespace GraphNav.History;

/// <summary>
/// Where the history file lives: an explicit path (<c>--history FILE</c>), else $GRAPHNAV_HISTORY,
/// else history.sqlite in the cache folder: $GRAPHNAV_CACHE when set (a private cache keeps a
/// private history), else $XDG_CACHE_HOME/graphnav or ~/.cache/graphnav (beside models/, so
/// clearing the model cache keeps the history).
/// </summary>
public static class HistoryLocation
{
    /// <summary>The environment variable that names the history file.</summary>
    public const string Variable = "GRAPHNAV_HISTORY";

    /// <summary>The file name used in the default folder.</summary>
    public const string FileName = "history.sqlite";

    /// <summary>The history file to use: <paramref name="explicitPath"/> when given, else the environment, else the default.</summary>
    public static string Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Path.GetFullPath(explicitPath);
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        var cache = Environment.GetEnvironmentVariable(Experiments.Caching.ModelCache.DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(cache)) return Path.Combine(Path.GetFullPath(cache), FileName);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var cacheRoot = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheRoot, "graphnav", FileName);
    }
}
