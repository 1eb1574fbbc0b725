using GraphNav.Cli.Reports;
using GraphNav.Experiments;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Sharding;

namespace GraphNav.Cli;

/// <summary>What <c>graphnav evaluate [MODEL] --phenomena</c> runs and writes.</summary>
/// <param name="Model">External model, or null for the suite's own models.</param>
/// <param name="Task">Task of the external model, when its metadata has none.</param>
/// <param name="Settings">ONNX Runtime threads and device.</param>
/// <param name="Only">Phenomenon ids to run (null: all that apply).</param>
/// <param name="Seeds">Seeds of the suite's own models (null: the quick seeds); an external model is one "seed".</param>
/// <param name="Shard">This run's share of the (phenomenon, seed) work.</param>
/// <param name="Json">One JSON array of every record.</param>
/// <param name="Records">A folder receiving one record file per phenomenon (the suite's file names).</param>
/// <param name="JUnit">JUnit XML file.</param>
/// <param name="BenchBigger">customBiggerIsBetter JSON file.</param>
/// <param name="BenchSmaller">customSmallerIsBetter JSON file.</param>
/// <param name="History">The results history file (null: $GRAPHNAV_HISTORY or the cache folder's history.sqlite).</param>
internal sealed record PhenomenaRun(
    string? Model, string? Task, Export.Ort.OrtSessionSettings Settings,
    IReadOnlyList<string>? Only = null, IReadOnlyList<int>? Seeds = null, Shard? Shard = null,
    string? Json = null, string? Records = null, string? JUnit = null, string? BenchBigger = null, string? BenchSmaller = null,
    string? History = null);

/// <summary><c>graphnav evaluate [MODEL] --phenomena</c>: the suite's phenomena from the command line.</summary>
internal static class EvaluatePhenomena
{
    public static int Run(PhenomenaRun run)
    {
        // In a terminal one live status line per phenomenon (LongWork); in logs plain lines.
        var results = Measure(run, progressLine: null, Console.Out);
        foreach (var result in results)
            History.HistoryHook.Append(result, "evaluate", Experiments.Training.TrainingBackend.Current.Name, Console.Error, run.History);
        Console.Error.WriteLine($"history: {History.HistoryLocation.Resolve(run.History)}");
        Console.WriteLine(string.Join(", ", results.GroupBy(r => r.Verdict).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")));
        if (run.Json is { } jsonPath)
        {
            File.WriteAllText(jsonPath, "[\n" + string.Join(",\n", results.Select(r => r.ToJson())) + "\n]\n");
            Console.WriteLine($"wrote {Path.GetFullPath(jsonPath)}");
        }
        if (run.Records is { } folder)
        {
            foreach (var r in results) r.WriteTo(folder);
            Console.WriteLine($"wrote {results.Count} records to {Path.GetFullPath(folder)}");
        }
        if (run.JUnit is { } junit) JUnitXml.Save(JUnitXml.FromResults(results, "graphnav evaluate --phenomena"), junit);
        if (run.BenchBigger is { } bigger) BenchmarkJson.Write(BenchmarkJson.BiggerIsBetter(results), bigger);
        if (run.BenchSmaller is { } smaller) BenchmarkJson.Write(BenchmarkJson.SmallerIsBetter(results), smaller);
        return results.Any(r => r.Verdict == Verdict.Fail) ? CliErrors.UserError : 0;
    }

    /// <summary>Runs the phenomena of <paramref name="run"/> (its shard of them) and prints each verdict to <paramref name="output"/>.</summary>
    /// <param name="run">What to run.</param>
    /// <param name="progressLine">Where progress lines go; null: a live status line per phenomenon on standard error (plain lines when redirected).</param>
    /// <param name="output">Where the measurements and verdicts are printed.</param>
    public static List<PhenomenonResult> Measure(PhenomenaRun run, Action<string>? progressLine, TextWriter output)
    {
        var progress = new InlineProgress<string>(progressLine ?? (_ => { }));
        var context = PhenomenonContext.Default(Scale.Quick, progress) with
        {
            Threads = run.Settings.IntraOpThreads,
            Device = run.Settings.Device,
            ExternalModel = run.Model,
            ExternalTask = run.Task,
        };
        IReadOnlyList<int> seeds = run.Model is null ? run.Seeds ?? PhenomenonContext.QuickSeeds : [0];
        // An external model is judged on every phenomenon (those that do not apply say why);
        // the suite's own models only on those that reproduce at quick scale. --only narrows either.
        var phenomena = run.Only is { } only
            ? [.. only.Select(PhenomenonRegistry.Get)]
            : PhenomenonRegistry.All.Where(e => run.Model is not null || e.QuickScale).Select(e => e.Phenomenon).ToList();
        var results = new List<PhenomenonResult>();
        // The external model is profiled once; each phenomenon checks it before measuring.
        var profile = run.Model is null ? null : ModelProfile.Open(context);
        foreach (var (p, shardSeeds) in (run.Shard ?? Shard.All).Select(phenomena, seeds))
        {
            output.WriteLine($"{p.Id} {p.Title}: {p.Claim}");
            var result = progressLine is null
                ? LongWork.Steps($"{p.Id} {p.Title}", Console.Error, lines => PhenomenonRunner.Run(p, context with { Seeds = shardSeeds, Progress = lines }, profile))
                : PhenomenonRunner.Run(p, context with { Seeds = shardSeeds }, profile);
            results.Add(result);
            foreach (var m in result.Measurements)
                output.WriteLine($"    {m.Label}: {m.Format()}");
            output.WriteLine($"    bar: {result.Bar}");
            output.WriteLine($"  → {result.Verdict}: {result.Reason}");
        }
        return results;
    }
}
