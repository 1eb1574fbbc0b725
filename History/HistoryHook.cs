using GraphNav.Experiments.Results;

namespace GraphNav.History;

/// <summary>
/// The append step that suite runs and <c>graphnav evaluate</c> call after each result: it must not
/// fail a run because the history cannot be written where it points (a warning names the file and
/// the fix), but a damaged history file is an error, never skipped in silence.
/// </summary>
public static class HistoryHook
{
    /// <summary>
    /// Appends <paramref name="result"/> to the history at <paramref name="path"/> (resolved by
    /// <see cref="HistoryLocation.Resolve"/>) under this process's run; returns the file written, or
    /// null after writing a warning to <paramref name="warnings"/> when the location is unwritable.
    /// </summary>
    /// <exception cref="HistoryDamagedException">The file exists and is not a usable history.</exception>
    public static string? Append(PhenomenonResult result, string kind, string backend, TextWriter warnings, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Append(store => store.Append(RunContext.ThisProcess(kind, result.ExecutionProvider, backend, result.Threads), result), warnings, path);
    }

    /// <summary>Appends a <c>graphnav evaluate</c> result the same way (see the other overload).</summary>
    /// <exception cref="HistoryDamagedException">The file exists and is not a usable history.</exception>
    public static string? Append(Experiments.Graph.GraphEvaluationResult evaluation, int threads, TextWriter warnings, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return Append(store => store.Append(RunContext.ThisProcess("evaluate", evaluation.ExecutionProvider, Experiments.Training.TrainingBackend.Current.Name, threads), evaluation), warnings, path);
    }

    private static string? Append(Action<HistoryStore> append, TextWriter warnings, string? path)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var file = HistoryLocation.Resolve(path);
        try
        {
            using var store = HistoryStore.Open(file);
            append(store);
            return store.Path;
        }
        catch (HistoryUnavailableException e)
        {
            warnings.WriteLine($"warning: result not added to the history: {e.Message}");
            return null;
        }
    }
}
