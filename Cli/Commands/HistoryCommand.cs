using System.CommandLine;
using System.Globalization;
using GraphNav.Experiments.Results;
using GraphNav.History;
using Humanizer;

namespace GraphNav.Cli.Commands;

/// <summary>
/// <c>graphnav history</c>: the runs the history holds, per machine, and for one phenomenon its
/// measurements run after run with the change from the previous run on the same machine;
/// <c>graphnav history import-bench FILE...</c> adds BenchmarkDotNet reports.
/// </summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var history = HistoryOption.Create();
        var phenomenon = new Option<string?>("--phenomenon") { Description = "Only runs with this phenomenon (e.g. A2), and compare its measurements run after run." };
        var machine = new Option<string?>("--machine") { Description = "Only machines whose CPU, fingerprint or host name contains this text." };
        var command = new Command("history", "List the runs of the results history (suite runs, evaluations, benchmark imports) per machine, and compare a phenomenon's measurements across them.")
        {
            history, phenomenon, machine, ImportBench(),
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            using var store = HistoryStore.Open(HistoryLocation.Resolve(parse.GetValue(history)));
            var id = parse.GetValue(phenomenon);
            var runs = store.Runs(id, parse.GetValue(machine));
            Console.WriteLine($"history {store.Path}: {"run".ToQuantity(runs.Count)}");
            if (runs.Count == 0)
            {
                Console.WriteLine(id is null ? "  (no runs yet: `dotnet test`, `graphnav evaluate` and `graphnav history import-bench` add them)" : $"  (no run holds {id})");
                return 0;
            }
            var results = id is null ? [] : store.Results(phenomenon: id);
            foreach (var group in runs.GroupBy(r => r.MachineId))
            {
                Console.WriteLine();
                Console.WriteLine($"machine {group.Key}: {group.First().Machine}");
                foreach (var run in group) Console.WriteLine("  " + Describe(run));
                if (id is not null) Compare(results.Where(r => r.MachineId == group.Key).ToList());
            }
            return 0;
        }));
        return command;
    }

    private static Command ImportBench()
    {
        var history = HistoryOption.Create();
        var files = new Argument<string[]>("files") { Description = "BenchmarkDotNet full JSON reports (BenchmarkDotNet.Artifacts/results/*-report-full.json).", Arity = ArgumentArity.OneOrMore };
        var commit = new Option<string?>("--commit") { Description = "The commit the benchmarks were built from (default: this checkout's HEAD, right when importing straight after the run)." };
        var command = new Command("import-bench", "Add BenchmarkDotNet results (mean time per operation with its interval) to the history, as runs of this machine.")
        {
            files, history, commit,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            using var store = HistoryStore.Open(HistoryLocation.Resolve(parse.GetValue(history)));
            foreach (var file in parse.GetValue(files)!)
            {
                var report = BenchmarkReport.Load(file);
                var fingerprint = MachineFingerprint.Current;
                if (report.LogicalCores != 0 && report.LogicalCores != fingerprint.Cores)
                    Console.Error.WriteLine($"warning: '{file}' was measured with {report.LogicalCores} logical cores, this machine has {fingerprint.Cores}: import reports on the machine that ran them.");
                var run = RunContext.ThisProcess("benchmark", "", "", 0, Path.GetFileName(file)) with
                {
                    RunKey = "benchmark-" + report.ContentHash,
                    Started = report.Started ?? File.GetLastWriteTimeUtc(file),
                    ExecutionProvider = "n/a",
                    Backend = "n/a",
                    GitCommit = parse.GetValue(commit) ?? GraphNav.History.GitCommit.Current,
                };
                long runId = store.Append(run, report, out bool added);
                Console.WriteLine(added
                    ? $"run {runId}: {"benchmark".ToQuantity(report.Benchmarks.Count)} from {Path.GetFileName(file)}"
                    : $"run {runId}: {Path.GetFileName(file)} was imported before; nothing added");
            }
            Console.WriteLine($"history {store.Path}");
            return 0;
        }));
        return command;
    }

    private static string Describe(HistoryRun run)
    {
        var commit = run.GitCommit is { Length: >= 10 } c ? c[..10] : run.GitCommit ?? "no commit";
        var age = (DateTimeOffset.UtcNow - run.Started).Humanize(precision: 1, minUnit: TimeUnit.Second);
        var what = run.Kind == "benchmark"
            ? $"{"benchmark".ToQuantity(run.Entries)} from {run.Source}"
            : $"{"result".ToQuantity(run.Entries)}, {run.EngineVersion}, on {run.ExecutionProvider}, trained by {run.Backend}, {run.Threads} threads";
        return string.Create(CultureInfo.InvariantCulture, $"run {run.Id,-4} {run.Kind,-9} {run.Started:yyyy-MM-dd HH:mm} UTC ({age} ago)  {commit}  {run.Host}  {what}");
    }

    /// <summary>Each summary measurement of the phenomenon run after run, with the change from the previous run.</summary>
    private static void Compare(IReadOnlyList<HistoryResult> results)
    {
        if (results.Count == 0) return;
        var first = results[0].Record;
        Console.WriteLine($"  {first.Phenomenon} {first.Title}, run after run (Δ: change of the mean from the previous run):");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    run {r.RunId,-4} {ScaleNamesOf(r.Record)} {r.Record.Verdict,-12} in {TimeSpan.FromSeconds(r.Record.Seconds).Humanize(precision: 2)}"));
        var keys = results.SelectMany(r => r.Record.Measurements).Where(IsSummary).Select(m => (m.Key, m.Label)).Distinct().ToList();
        foreach (var (key, label) in keys)
        {
            Console.WriteLine($"    {label}");
            double? previous = null;
            foreach (var r in results)
            {
                var m = r.Record.Measurements.FirstOrDefault(x => x.Key == key);
                if (m is null) { Console.WriteLine($"      run {r.RunId,-4} not measured"); continue; }
                var delta = previous is { } p && double.IsFinite(m.Mean) ? string.Create(CultureInfo.InvariantCulture, $"  Δ {m.Mean - p:+0.####;-0.####;0}") : "";
                Console.WriteLine($"      run {r.RunId,-4} {m.Format()}{delta}");
                previous = m.Mean;
            }
        }
    }

    private static string ScaleNamesOf(PhenomenonResult record) => Experiments.Phenomena.ScaleNames.Of(record.Scale);

    /// <summary>Per-seed and per-temperature details stay out of the comparison (as in <c>graphnav report</c>).</summary>
    private static bool IsSummary(Measurement m) =>
        !m.Key.StartsWith("seed_", StringComparison.Ordinal) && !m.Key.Contains("_at_t_", StringComparison.Ordinal);
}
