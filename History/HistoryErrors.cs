namespace GraphNav.History;

/// <summary>
/// The history file exists but is not a usable GraphNav history (not SQLite, corrupt, another
/// program's database, or written by a newer graphnav). The file is left exactly as it was.
/// </summary>
public sealed class HistoryDamagedException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>The history file cannot be created or written where it is asked for (a read-only or missing location).</summary>
public sealed class HistoryUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
