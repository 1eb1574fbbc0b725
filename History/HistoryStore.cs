using System.Globalization;
using GraphNav.Experiments.Results;
using Microsoft.Data.Sqlite;

namespace GraphNav.History;

/// <summary>
/// One history file, open. Opening creates the file (and its folder) when missing, brings its
/// schema up to date (<see cref="HistorySchema"/>), and turns on WAL journaling with a busy timeout
/// so that several processes (two test assemblies, a benchmark import) can append at once. A file
/// that is not a GraphNav history is reported (<see cref="HistoryDamagedException"/>), never replaced.
/// </summary>
public sealed partial class HistoryStore : IDisposable
{
    /// <summary>How long a writer waits for another process's transaction before giving up.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly SqliteConnection _connection;

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    private HistoryStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>Opens (creating if needed) the history at <paramref name="path"/> (see <see cref="HistoryLocation.Resolve"/>).</summary>
    public static HistoryStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        path = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(path)) throw new HistoryUnavailableException($"history '{path}' is a folder: pass a file path with --history or GRAPHNAV_HISTORY.");
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HistoryUnavailableException($"cannot create the folder of history '{path}': {e.Message} (choose another file with --history or GRAPHNAV_HISTORY)", e);
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooled connections would keep the file open after Dispose; a history is opened rarely.
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        try
        {
            connection.Open();
            var store = new HistoryStore(path, connection);
            store.Prepare();
            return store;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Translate(path, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Read-only check of the file's identity and schema version, then WAL, then the missing migrations.</summary>
    private void Prepare()
    {
        // The header read: a file that is not SQLite fails here with SQLITE_NOTADB, before anything is written.
        long pageCount = Scalar<long>("PRAGMA page_count");
        long applicationId = Scalar<long>("PRAGMA application_id");
        long version = Scalar<long>("PRAGMA user_version");
        if (pageCount > 0 && applicationId != HistorySchema.ApplicationId && !(applicationId == 0 && version == 0 && IsEmptySchema()))
            throw new HistoryDamagedException($"'{Path}' is an SQLite database but not a GraphNav history (application_id {applicationId}); it was left unchanged: pass --history another file.");
        if (version > HistorySchema.Latest)
            throw new HistoryDamagedException($"history '{Path}' has schema version {version}, newer than this graphnav's {HistorySchema.Latest}: update graphnav, or pass --history another file.");

        Execute($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
        // WAL lets readers and one writer work at once; the mode is stored in the file.
        Execute("PRAGMA journal_mode = WAL");
        Execute("PRAGMA foreign_keys = ON");
        if (version == HistorySchema.Latest) return;

        // BEGIN IMMEDIATE: two processes creating the same new file take turns; the second sees the
        // first's version and applies nothing.
        using var transaction = _connection.BeginTransaction(deferred: false);
        long current = Scalar<long>("PRAGMA user_version", transaction);
        for (long i = current; i < HistorySchema.Latest; i++)
            Execute(HistorySchema.Migrations[(int)i], transaction);
        Execute($"PRAGMA application_id = {HistorySchema.ApplicationId}", transaction);
        Execute($"PRAGMA user_version = {HistorySchema.Latest}", transaction);
        transaction.Commit();
    }

    private bool IsEmptySchema() => Scalar<long>("SELECT count(*) FROM sqlite_master") == 0;

    /// <summary>The schema version of the open file.</summary>
    public int SchemaVersion => (int)Scalar<long>("PRAGMA user_version");

    /// <summary>The journal mode of the open file ("wal" once opened by this class).</summary>
    public string JournalMode => Scalar<string>("PRAGMA journal_mode");

    /// <summary>
    /// Appends one phenomenon result to the run <paramref name="run"/> (created on its first result),
    /// with every measurement and its interval, in one transaction. Returns the run's id.
    /// </summary>
    public long Append(RunContext run, PhenomenonResult result)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(result);
        return Write(transaction =>
        {
            long runId = EnsureRun(run, transaction);
            long resultId = Insert(transaction, """
                INSERT INTO results(run_id, phenomenon, title, scale, verdict, reason, bar, finished, seconds,
                                    execution_provider, external_model, model_hashes, record_json)
                VALUES ($run, $phenomenon, $title, $scale, $verdict, $reason, $bar, $finished, $seconds, $ep, $external, $hashes, $json)
                RETURNING id
                """,
                ("$run", runId), ("$phenomenon", result.Phenomenon), ("$title", result.Title),
                ("$scale", Experiments.Phenomena.ScaleNames.Of(result.Scale)), ("$verdict", result.Verdict.ToString()),
                ("$reason", result.Reason), ("$bar", result.Bar), ("$finished", Iso(result.Finished)), ("$seconds", result.Seconds),
                ("$ep", result.ExecutionProvider), ("$external", result.ExternalModel), ("$hashes", string.Join(",", result.ModelHashes)),
                ("$json", result.ToJson()));
            for (int i = 0; i < result.Measurements.Count; i++)
            {
                var m = result.Measurements[i];
                Insert(transaction, """
                    INSERT INTO measurements(result_id, ordinal, key, label, mean, low, high)
                    VALUES ($result, $ordinal, $key, $label, $mean, $low, $high)
                    """,
                    ("$result", resultId), ("$ordinal", i), ("$key", m.Key), ("$label", m.Label),
                    ("$mean", Finite(m.Mean)), ("$low", Finite(m.Low)), ("$high", Finite(m.High)));
            }
            return runId;
        });
    }

    /// <summary>
    /// Appends an imported BenchmarkDotNet report as one run. A report already imported (same
    /// content, <see cref="BenchmarkReport.ContentHash"/>) is not added twice: the existing run's id
    /// is returned with <paramref name="added"/> false.
    /// </summary>
    public long Append(RunContext run, BenchmarkReport report, out bool added)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(report);
        bool wasAdded = false;
        long id = Write(transaction =>
        {
            if (RunId(run.RunKey, transaction) is { } existing) return existing;
            long runId = EnsureRun(run, transaction);
            foreach (var b in report.Benchmarks)
                Insert(transaction, """
                    INSERT INTO benchmarks(run_id, full_name, type, method, parameters, mean_ns, low_ns, high_ns, samples, allocated_bytes)
                    VALUES ($run, $full, $type, $method, $parameters, $mean, $low, $high, $samples, $allocated)
                    """,
                    ("$run", runId), ("$full", b.FullName), ("$type", b.Type), ("$method", b.Method), ("$parameters", b.Parameters),
                    ("$mean", b.MeanNanoseconds), ("$low", Finite(b.LowNanoseconds)), ("$high", Finite(b.HighNanoseconds)),
                    ("$samples", b.Samples), ("$allocated", b.AllocatedBytes));
            wasAdded = true;
            return runId;
        });
        added = wasAdded;
        return id;
    }

    private long EnsureRun(RunContext run, SqliteTransaction transaction)
    {
        if (RunId(run.RunKey, transaction) is { } existing) return existing;
        var m = run.Machine;
        Insert(transaction, """
            INSERT INTO machines(fingerprint, cpu, cores, simd_bits, vector_float_bits, avx512f, architecture, os)
            VALUES ($key, $cpu, $cores, $simd, $vector, $avx512, $arch, $os)
            ON CONFLICT(fingerprint) DO NOTHING
            """,
            ("$key", m.Key), ("$cpu", m.Cpu), ("$cores", m.Cores), ("$simd", m.SimdBits), ("$vector", m.VectorFloatBits),
            ("$avx512", m.Avx512F ? 1 : 0), ("$arch", m.Architecture), ("$os", m.Os));
        long machineId = Scalar<long>("SELECT id FROM machines WHERE fingerprint = $key", transaction, ("$key", m.Key));
        return Insert(transaction, """
            INSERT INTO runs(run_key, kind, started, machine_id, host, dotnet, engine_version, git_commit, ort_version,
                             execution_provider, backend, threads, source)
            VALUES ($key, $kind, $started, $machine, $host, $dotnet, $engine, $commit, $ort, $ep, $backend, $threads, $source)
            RETURNING id
            """,
            ("$key", run.RunKey), ("$kind", run.Kind), ("$started", Iso(run.Started)), ("$machine", machineId), ("$host", run.Host),
            ("$dotnet", run.DotNet), ("$engine", run.EngineVersion), ("$commit", run.GitCommit), ("$ort", run.OrtVersion),
            ("$ep", run.ExecutionProvider), ("$backend", run.Backend), ("$threads", run.Threads), ("$source", run.Source));
    }

    private long? RunId(string runKey, SqliteTransaction transaction)
    {
        using var command = Command("SELECT id FROM runs WHERE run_key = $key", transaction, ("$key", runKey));
        return command.ExecuteScalar() is long id ? id : null;
    }

    /// <summary>Runs <paramref name="body"/> in an immediate transaction (waiting up to <see cref="BusyTimeout"/> for other writers).</summary>
    private T Write<T>(Func<SqliteTransaction, T> body)
    {
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var value = body(transaction);
            transaction.Commit();
            return value;
        }
        catch (SqliteException e)
        {
            throw Translate(Path, e);
        }
    }

    internal static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>SQLite's failures in the history's words: damaged, unwritable, or (anything else) as is.</summary>
    private static Exception Translate(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        // SQLITE_CORRUPT, SQLITE_NOTADB
        11 or 26 => new HistoryDamagedException($"history '{path}' is damaged or not an SQLite file ({e.Message.TrimEnd('.')}); it was left unchanged: move it aside or pass --history another file.", e),
        // SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_IOERR, SQLITE_FULL
        8 or 14 or 3 or 10 or 13 => new HistoryUnavailableException($"cannot write history '{path}' ({e.Message.TrimEnd('.')}): choose another file with --history or GRAPHNAV_HISTORY.", e),
        // SQLITE_BUSY / SQLITE_LOCKED after the busy timeout
        5 or 6 => new HistoryUnavailableException($"history '{path}' stayed locked by another process for {BusyTimeout.TotalSeconds:0} s ({e.Message.TrimEnd('.')}).", e),
        _ => e,
    };

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
