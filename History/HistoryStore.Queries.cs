using GraphNav.Experiments.Results;
using Microsoft.Data.Sqlite;

namespace GraphNav.History;

/// <summary>One run as <c>graphnav history</c> lists it.</summary>
/// <param name="Id">Run id.</param>
/// <param name="Kind">suite, evaluate or benchmark.</param>
/// <param name="Started">Start time (UTC).</param>
/// <param name="MachineId">Machine id (runs are compared within a machine).</param>
/// <param name="Machine">Machine label (CPU, cores, SIMD).</param>
/// <param name="Host">Host name.</param>
/// <param name="EngineVersion">Engine version.</param>
/// <param name="GitCommit">Commit, when known.</param>
/// <param name="OrtVersion">ONNX Runtime version.</param>
/// <param name="ExecutionProvider">engine, cpu, cuda:N.</param>
/// <param name="Backend">Training backend.</param>
/// <param name="Threads">Threads.</param>
/// <param name="Source">Imported file name, for benchmark runs.</param>
/// <param name="Entries">Phenomenon results and evaluations (suite, evaluate) or benchmarks (benchmark) in the run.</param>
public sealed record HistoryRun(long Id, string Kind, DateTimeOffset Started, long MachineId, string Machine, string Host,
    string EngineVersion, string? GitCommit, string OrtVersion, string ExecutionProvider, string Backend, int Threads, string? Source, int Entries);

/// <summary>A phenomenon result as stored, with the run it belongs to.</summary>
/// <param name="RunId">Run id.</param>
/// <param name="MachineId">Machine id.</param>
/// <param name="Record">The full result record.</param>
public sealed record HistoryResult(long RunId, long MachineId, PhenomenonResult Record);

/// <summary>One benchmark's result in one run.</summary>
/// <param name="RunId">Run id.</param>
/// <param name="Started">When the run started.</param>
/// <param name="MachineId">Machine id.</param>
/// <param name="Machine">Machine label.</param>
/// <param name="Result">The benchmark's numbers.</param>
public sealed record HistoryBenchmark(long RunId, DateTimeOffset Started, long MachineId, string Machine, BenchmarkResult Result);

/// <summary>The store's reads.</summary>
public sealed partial class HistoryStore
{
    /// <summary>
    /// Runs, oldest first; only those holding a result of <paramref name="phenomenon"/> when given, and
    /// only on machines whose label or fingerprint contains <paramref name="machine"/> (case-insensitive) when given.
    /// </summary>
    public IReadOnlyList<HistoryRun> Runs(string? phenomenon = null, string? machine = null)
    {
        using var command = Command("""
            SELECT r.id, r.kind, r.started, m.id, m.cpu, m.cores, m.simd_bits, r.host, r.engine_version, r.git_commit, r.ort_version,
                   r.execution_provider, r.backend, r.threads, r.source, m.fingerprint,
                   (SELECT count(*) FROM results x WHERE x.run_id = r.id) + (SELECT count(*) FROM benchmarks b WHERE b.run_id = r.id)
                   + (SELECT count(*) FROM evaluations e WHERE e.run_id = r.id)
            FROM runs r JOIN machines m ON m.id = r.machine_id
            WHERE ($phenomenon IS NULL OR EXISTS (SELECT 1 FROM results x WHERE x.run_id = r.id AND x.phenomenon = $phenomenon COLLATE NOCASE))
              AND ($machine IS NULL OR instr(lower(m.fingerprint || ' ' || r.host), lower($machine)) > 0)
            ORDER BY r.started, r.id
            """, null, ("$phenomenon", phenomenon), ("$machine", machine));
        using var reader = command.ExecuteReader();
        var runs = new List<HistoryRun>();
        while (reader.Read())
            runs.Add(new HistoryRun(reader.GetInt64(0), reader.GetString(1), Time(reader.GetString(2)), reader.GetInt64(3),
                $"{reader.GetString(4)}, {reader.GetInt32(5)} cores, {reader.GetInt32(6)}-bit SIMD", reader.GetString(7), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetString(10), reader.GetString(11), reader.GetString(12),
                reader.GetInt32(13), reader.IsDBNull(14) ? null : reader.GetString(14), reader.GetInt32(16)));
        return runs;
    }

    /// <summary>The phenomenon results of the given runs (all runs when null), in run order then insertion order.</summary>
    public IReadOnlyList<HistoryResult> Results(IReadOnlyCollection<long>? runIds = null, string? phenomenon = null)
    {
        using var command = Command("""
            SELECT x.run_id, r.machine_id, x.record_json FROM results x JOIN runs r ON r.id = x.run_id
            WHERE ($phenomenon IS NULL OR x.phenomenon = $phenomenon COLLATE NOCASE)
            ORDER BY r.started, r.id, x.id
            """, null, ("$phenomenon", phenomenon));
        using var reader = command.ExecuteReader();
        var results = new List<HistoryResult>();
        while (reader.Read())
        {
            long runId = reader.GetInt64(0);
            if (runIds is not null && !runIds.Contains(runId)) continue;
            results.Add(new HistoryResult(runId, reader.GetInt64(1), PhenomenonResult.FromJson(reader.GetString(2))));
        }
        return results;
    }

    /// <summary>Every imported benchmark result, oldest run first.</summary>
    public IReadOnlyList<HistoryBenchmark> Benchmarks()
    {
        using var command = Command("""
            SELECT b.run_id, r.started, m.id, m.cpu, m.cores, m.simd_bits, b.full_name, b.type, b.method, b.parameters,
                   b.mean_ns, b.low_ns, b.high_ns, b.samples, b.allocated_bytes
            FROM benchmarks b JOIN runs r ON r.id = b.run_id JOIN machines m ON m.id = r.machine_id
            ORDER BY r.started, r.id, b.id
            """, null);
        using var reader = command.ExecuteReader();
        var list = new List<HistoryBenchmark>();
        while (reader.Read())
            list.Add(new HistoryBenchmark(reader.GetInt64(0), Time(reader.GetString(1)), reader.GetInt64(2),
                $"{reader.GetString(3)}, {reader.GetInt32(4)} cores, {reader.GetInt32(5)}-bit SIMD",
                new BenchmarkResult(reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetDouble(10),
                    NaNIfNull(reader, 11), NaNIfNull(reader, 12), reader.GetInt32(13), reader.IsDBNull(14) ? null : reader.GetInt64(14))));
        return list;
    }

    private static double NaNIfNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    private static DateTimeOffset Time(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
}
