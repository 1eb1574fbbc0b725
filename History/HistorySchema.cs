namespace GraphNav.History;

/// <summary>
/// The history's schema as numbered migrations. PRAGMA user_version holds the number of migrations a
/// file has had; opening a file applies the missing ones in one transaction. A migration, once
/// released, is never edited: a change is a new entry at the end.
/// </summary>
internal static class HistorySchema
{
    /// <summary>PRAGMA application_id of a GraphNav history ("GNHS"): tells it from any other SQLite file.</summary>
    public const int ApplicationId = 0x474E4853;

    /// <summary>Migration i (0-based) brings a file from user_version i to i + 1.</summary>
    public static readonly IReadOnlyList<string> Migrations =
    [
        // 1: machines, runs, phenomenon results with their measurements, `graphnav evaluate` results
        //    per temperature, benchmark results.
        """
        CREATE TABLE machines(
            id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL UNIQUE,
            cpu TEXT NOT NULL,
            cores INTEGER NOT NULL,
            simd_bits INTEGER NOT NULL,
            vector_float_bits INTEGER NOT NULL,
            avx512f INTEGER NOT NULL,
            architecture TEXT NOT NULL,
            os TEXT NOT NULL);
        CREATE TABLE runs(
            id INTEGER PRIMARY KEY,
            run_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('suite', 'evaluate', 'benchmark')),
            started TEXT NOT NULL,
            machine_id INTEGER NOT NULL REFERENCES machines(id),
            host TEXT NOT NULL,
            dotnet TEXT NOT NULL,
            engine_version TEXT NOT NULL,
            git_commit TEXT,
            ort_version TEXT NOT NULL,
            execution_provider TEXT NOT NULL,
            backend TEXT NOT NULL,
            threads INTEGER NOT NULL,
            source TEXT);
        CREATE TABLE results(
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            phenomenon TEXT NOT NULL,
            title TEXT NOT NULL,
            scale TEXT NOT NULL,
            verdict TEXT NOT NULL,
            reason TEXT NOT NULL,
            bar TEXT NOT NULL,
            finished TEXT NOT NULL,
            seconds REAL NOT NULL,
            execution_provider TEXT NOT NULL,
            external_model TEXT,
            model_hashes TEXT NOT NULL,
            record_json TEXT NOT NULL);
        CREATE TABLE measurements(
            result_id INTEGER NOT NULL REFERENCES results(id),
            ordinal INTEGER NOT NULL,
            key TEXT NOT NULL,
            label TEXT NOT NULL,
            mean REAL,
            low REAL,
            high REAL,
            PRIMARY KEY (result_id, ordinal));
        CREATE TABLE evaluations(
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            model TEXT NOT NULL,
            task TEXT NOT NULL,
            pairs INTEGER NOT NULL,
            generated_tokens INTEGER NOT NULL,
            seconds REAL NOT NULL,
            record_json TEXT NOT NULL);
        CREATE TABLE evaluation_rows(
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
            temperature REAL NOT NULL,
            samples_per_pair INTEGER NOT NULL,
            accuracy REAL,
            accuracy_low REAL,
            accuracy_high REAL,
            misstep REAL,
            planning_failure REAL,
            format_error REAL,
            distinct_valid_paths REAL,
            distinct_completions REAL,
            PRIMARY KEY (evaluation_id, temperature));
        CREATE TABLE benchmarks(
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            full_name TEXT NOT NULL,
            type TEXT NOT NULL,
            method TEXT NOT NULL,
            parameters TEXT NOT NULL,
            mean_ns REAL NOT NULL,
            low_ns REAL,
            high_ns REAL,
            samples INTEGER NOT NULL,
            allocated_bytes INTEGER);
        """,
        // 2: the lookups `graphnav history` and the report make.
        """
        CREATE INDEX results_by_phenomenon ON results(phenomenon, run_id);
        CREATE INDEX measurements_by_key ON measurements(key);
        CREATE INDEX benchmarks_by_name ON benchmarks(full_name, run_id);
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => Migrations.Count;
}
