using GraphNav.Experiments.Results;
using GraphNav.History;

namespace GraphNav.Report;

/// <summary>What the report is drawn from.</summary>
/// <param name="Records">Phenomenon result records (one or more per phenomenon).</param>
/// <param name="RecordsSource">Where the records came from (a folder or the history file), for the page.</param>
/// <param name="Benchmarks">Imported benchmark results from the history.</param>
/// <param name="Evaluations"><c>graphnav evaluate</c> results from the history.</param>
/// <param name="HistoryPath">The history file read (null when none was).</param>
public sealed record ReportInputs(
    IReadOnlyList<PhenomenonResult> Records,
    string RecordsSource,
    IReadOnlyList<HistoryBenchmark> Benchmarks,
    IReadOnlyList<HistoryEvaluation> Evaluations,
    string? HistoryPath)
{
    /// <summary>
    /// The record a phenomenon's charts show: the suite's own models before an external model, then
    /// paper scale before quick, then the latest finished.
    /// </summary>
    public PhenomenonResult? RecordOf(string phenomenon) => Records
        .Where(r => string.Equals(r.Phenomenon, phenomenon, StringComparison.OrdinalIgnoreCase))
        .OrderBy(r => r.ExternalModel is null ? 0 : 1)
        .ThenByDescending(r => r.Scale)
        .ThenByDescending(r => r.Finished)
        .FirstOrDefault();
}
