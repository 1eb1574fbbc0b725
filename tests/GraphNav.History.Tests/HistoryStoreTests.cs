using Microsoft.Data.Sqlite;

namespace GraphNav.History.Tests;

/// <summary>The history file: created, migrated, appended to and read back; damaged files left alone.</summary>
public class HistoryStoreTests
{
    private string _dir = "";

    private string File(string name = "history.sqlite") => Path.Combine(_dir, name);

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-history").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_new_file_gets_the_latest_schema_in_wal_mode()
    {
        using var store = HistoryStore.Open(File());
        Assert.Multiple(() =>
        {
            Assert.That(store.SchemaVersion, Is.EqualTo(HistorySchema.Latest));
            Assert.That(store.JournalMode, Is.EqualTo("wal"));
            Assert.That(store.Runs(), Is.Empty);
        });
    }

    [Test]
    public void An_appended_result_reads_back_with_every_measurement_and_its_run()
    {
        var run = Samples.Run();
        var result = Samples.Result();
        using (var store = HistoryStore.Open(File()))
        {
            store.Append(run, result);
            store.Append(run, Samples.Result("A1"));
        }
        using var reopened = HistoryStore.Open(File());
        var runs = reopened.Runs();
        var stored = reopened.Results(phenomenon: "a2");
        Assert.Multiple(() =>
        {
            Assert.That(runs, Has.Count.EqualTo(1), "one process's results are one run");
            Assert.That(runs[0].Entries, Is.EqualTo(2));
            Assert.That(runs[0].Kind, Is.EqualTo("suite"));
            Assert.That(runs[0].EngineVersion, Is.EqualTo(run.EngineVersion));
            Assert.That(runs[0].OrtVersion, Does.StartWith("1."));
            Assert.That(runs[0].Machine, Does.Contain($"{Environment.ProcessorCount} cores"));
            Assert.That(stored, Has.Count.EqualTo(1));
            Assert.That(stored[0].Record.Measurements, Is.EqualTo(result.Measurements).Using<Experiments.Results.Measurement>(SameNumbers));
            Assert.That(stored[0].Record.ModelHashes, Is.EqualTo(result.ModelHashes));
        });
    }

    // NaN != NaN, so records compare number by number with NaN matching NaN.
    private static bool SameNumbers(Experiments.Results.Measurement a, Experiments.Results.Measurement b) =>
        a.Key == b.Key && a.Label == b.Label && a.Mean.Equals(b.Mean) && a.Low.Equals(b.Low) && a.High.Equals(b.High);

    [Test]
    public void Runs_filter_by_phenomenon_and_machine()
    {
        using var store = HistoryStore.Open(File());
        store.Append(Samples.Run(), Samples.Result("A2"));
        store.Append(Samples.Run(), Samples.Result("B6a"));
        Assert.Multiple(() =>
        {
            Assert.That(store.Runs("A2"), Has.Count.EqualTo(1));
            Assert.That(store.Runs(machine: $"{Environment.ProcessorCount} cores"), Has.Count.EqualTo(2));
            Assert.That(store.Runs(machine: "no such machine"), Is.Empty);
        });
    }

    [Test]
    public void A_file_at_schema_version_1_is_migrated_keeping_its_runs()
    {
        var path = File();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = HistorySchema.Migrations[0] + $"; PRAGMA application_id = {HistorySchema.ApplicationId}; PRAGMA user_version = 1;" +
                "INSERT INTO machines VALUES (1, 'old', 'cpu', 2, 256, 256, 0, 'X64', 'Linux');" +
                "INSERT INTO runs VALUES (1, 'k', 'suite', '2026-01-01T00:00:00.000Z', 1, 'h', '.NET 10', 'graphnav-engine/2', NULL, '1.32.0', 'engine', 'engine', 2, NULL);";
            command.ExecuteNonQuery();
        }
        using var store = HistoryStore.Open(path);
        Assert.Multiple(() =>
        {
            Assert.That(store.SchemaVersion, Is.EqualTo(HistorySchema.Latest));
            Assert.That(store.Runs().Select(r => r.EngineVersion), Is.EqualTo(new[] { "graphnav-engine/2" }));
        });
    }

    [Test]
    public void A_file_that_is_not_sqlite_is_reported_and_left_unchanged()
    {
        var path = File();
        System.IO.File.WriteAllText(path, "these are not the bytes of an SQLite database, but they are long enough to have a header........");
        var before = System.IO.File.ReadAllBytes(path);
        var e = Assert.Throws<HistoryDamagedException>(() => HistoryStore.Open(path).Dispose());
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain(path).And.Contain("left unchanged"));
            Assert.That(e.Message, Does.Not.Contain("\n"));
            Assert.That(System.IO.File.ReadAllBytes(path), Is.EqualTo(before));
        });
    }

    [Test]
    public void Another_programs_sqlite_database_is_not_taken_over()
    {
        var path = File("other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES ('mine');";
            command.ExecuteNonQuery();
        }
        var before = System.IO.File.ReadAllBytes(path);
        var e = Assert.Throws<HistoryDamagedException>(() => HistoryStore.Open(path).Dispose());
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("not a GraphNav history"));
            Assert.That(System.IO.File.ReadAllBytes(path), Is.EqualTo(before));
        });
    }

    [Test]
    public void A_file_from_a_newer_graphnav_is_refused()
    {
        var path = File();
        using (var store = HistoryStore.Open(path)) { }
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {HistorySchema.Latest + 1}";
            command.ExecuteNonQuery();
        }
        var e = Assert.Throws<HistoryDamagedException>(() => HistoryStore.Open(path).Dispose());
        Assert.That(e!.Message, Does.Contain("newer"));
    }

    [Test]
    public void An_unwritable_location_warns_through_the_hook_instead_of_failing()
    {
        // A regular file where the history's folder should be: no user (not even root) can create it.
        var blocker = File("not-a-folder");
        System.IO.File.WriteAllText(blocker, "");
        var path = Path.Combine(blocker, "history.sqlite");
        using var warnings = new StringWriter();
        var written = HistoryHook.Append(Samples.Result(), "suite", "engine", warnings, path);
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.Null);
            Assert.That(warnings.ToString(), Does.StartWith("warning: result not added to the history").And.Contain(path));
            Assert.Throws<HistoryUnavailableException>(() => HistoryStore.Open(path).Dispose());
        });
    }

    [Test]
    public void The_hook_does_not_swallow_a_damaged_file()
    {
        var path = File();
        System.IO.File.WriteAllText(path, new string('x', 200));
        using var warnings = new StringWriter();
        Assert.Throws<HistoryDamagedException>(() => HistoryHook.Append(Samples.Result(), "suite", "engine", warnings, path));
    }

    [Test]
    public void Two_connections_append_at_the_same_time_without_losing_a_result()
    {
        // Separate connections lock the file as separate processes do (SQLite's locks are per connection);
        // the two-process test is in GraphNav.Cli.Tests.
        var path = File();
        using (HistoryStore.Open(path)) { }
        const int perWriter = 25;
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            using var store = HistoryStore.Open(path);
            for (int i = 0; i < perWriter; i++) store.Append(Samples.Run(), Samples.Result(accuracy: 0.5 + w * 0.1 + i * 0.001));
        })).ToArray();
        Task.WaitAll(writers);
        using var reader = HistoryStore.Open(path);
        Assert.That(reader.Runs(), Has.Count.EqualTo(2 * perWriter));
    }
}
