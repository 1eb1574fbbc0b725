using System.CommandLine;
using System.Globalization;
using GraphNav.Experiments;
using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Graph;
using GraphNav.Tasks;
using GraphNav.Tasks.Files;
using Spectre.Console;

namespace GraphNav.Cli.Commands;

/// <summary>
/// <c>graphnav evaluate [MODEL]</c>: held-out path validity, outcome rates, and accuracy and
/// diversity per temperature. Without MODEL it evaluates the built-in reference model, training and
/// caching it on first use. This is the README's main job.
/// </summary>
internal static class EvaluateCommand
{
    public static readonly Argument<string?> Model = new("model")
    {
        Description = "An .onnx file or an engine checkpoint (.safetensors); omit for the built-in reference model.",
        Arity = ArgumentArity.ZeroOrOne,
    };
    public static readonly Option<string?> Task = new("--task") { Description = "Preset, task.json or task directory; default: the model's own metadata, or the reference task." };
    public static readonly Option<int> Seed = new("--seed") { Description = "Seed of sampling (and of the preset's graph when --task names a preset).", DefaultValueFactory = _ => 0 };
    public static readonly Option<string> Temperatures = new("--temperatures") { Description = "Comma-separated temperatures; 0 = greedy.", DefaultValueFactory = _ => "0,0.5,1,1.5,2,3" };
    public static readonly Option<int> Samples = new("--samples") { Description = "Samples per pair at each T > 0.", DefaultValueFactory = _ => 20 };
    public static readonly Option<int> Pairs = new("--pairs") { Description = "Evaluate at most this many held-out pairs (0 = all).", DefaultValueFactory = _ => 0 };
    public static readonly Option<int> Threads = new("--threads") { Description = "Engine / ONNX Runtime threads.", DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
    public static readonly Option<string?> Json = new("--json") { Description = "Also write the results as JSON to this file." };
    public static readonly Option<string?> HistoryFile = HistoryOption.Create();
    public static readonly Option<bool> Phenomena = new("--phenomena")
    {
        Description = "Run the suite's phenomena instead: on MODEL every phenomenon that applies (others are inconclusive with the reason); " +
            "without MODEL the quick-scale phenomena on the suite's own trained models. Exits 1 when one fails.",
    };
    public static readonly Option<string?> Only = new("--only") { Description = "With --phenomena: run only these phenomena (ids separated by ',' or ';', e.g. A2,A6)." };
    public static readonly Option<string?> Seeds = new("--seeds") { Description = "With --phenomena and no MODEL: seeds of the suite's own models (e.g. 0,1,2; default the quick seeds)." };
    public static readonly Option<string?> Shard = new("--shard") { Description = "With --phenomena: run shard i of n (i/n) of the (phenomenon, seed) work; merge the shards' records with graphnav compare." };
    public static readonly Option<string?> Records = new("--records") { Description = "With --phenomena: write one record file per phenomenon into this folder (what graphnav compare reads)." };
    public static readonly Option<string?> JUnit = new("--junit") { Description = "With --phenomena: also write JUnit XML (one test case per phenomenon) to this file." };
    public static readonly Option<string?> BenchBigger = new("--bench-json") { Description = "Also write the bigger-is-better numbers (accuracies; tokens/s without --phenomena) as customBiggerIsBetter JSON to this file." };
    public static readonly Option<string?> BenchSmaller = new("--bench-json-smaller") { Description = "With --phenomena: also write the smaller-is-better numbers (wall seconds per phenomenon) as customSmallerIsBetter JSON to this file." };

    public static Command Create()
    {
        var command = new Command("evaluate", "Evaluate a model on a graph task: validity at T=0, outcome rates, accuracy and diversity per temperature.")
        {
            Model, Task, Seed, Temperatures, Samples, Pairs, Threads, Json, Phenomena, Only, Seeds, Shard, Records, JUnit, BenchBigger, BenchSmaller, HistoryFile,
        };
        OrtOptions.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    public static int Run(ParseResult parse) => CliErrors.Run(() =>
    {
        int threads = OptionLimits.Checked(parse, Threads, 1, OptionLimits.Threads);
        var settings = OrtOptions.Settings(parse, threads);
        if (parse.GetValue(Phenomena)) return EvaluatePhenomena.Run(PhenomenaOptions(parse, settings));
        foreach (var option in new[] { Only, Seeds, Shard, Records, JUnit, BenchSmaller })
            if (parse.GetValue(option) is not null) throw new ArgumentException($"{option.Name} needs --phenomena.");
        int seed = parse.GetValue(Seed);
        var temperatures = ParseTemperatures(parse.GetValue(Temperatures)!);
        int samples = OptionLimits.Checked(parse, Samples, 1, OptionLimits.Samples);
        int maxPairs = parse.GetValue(Pairs) is > 0 and var p ? p : int.MaxValue;

        using var opened = OpenModel(parse.GetValue(Model), settings);
        if (EvaluateLego.TaskOf(parse.GetValue(Task), opened, seed) is { } lego)
            return EvaluateLego.Run(opened, lego, parse.GetValue(Task), parse.GetValue(Json));
        var task = ResolveTask(parse.GetValue(Task), opened, seed);
        AnsiConsole.MarkupLineInterpolated($"[bold]model[/]  {opened.Description}, runs on {opened.ExecutionProvider}");
        AnsiConsole.MarkupLineInterpolated($"[bold]task[/]   {task.Name}: {task.Dag.NodeCount} nodes, {task.Dag.EdgeCount} edges, {task.TestPairs.Count} held-out pairs");

        var result = LongWork.Steps("sampling", Console.Error, progress =>
            GraphEvaluation.Run(opened.Source, opened.Description, task, temperatures, samples, (ulong)seed, maxPairs, progress))
            with { ExecutionProvider = opened.ExecutionProvider };
        Render(result);
        if (GraphNav.History.HistoryHook.Append(result, threads, Console.Error, parse.GetValue(HistoryFile)) is { } historyPath)
            Console.Error.WriteLine($"added to history {historyPath}");
        var jsonPath = parse.GetValue(Json);
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, result.ToJson());
            AnsiConsole.MarkupLineInterpolated($"wrote {Path.GetFullPath(jsonPath)}");
        }
        if (parse.GetValue(BenchBigger) is { } bench) Reports.BenchmarkJson.Write(Reports.BenchmarkJson.FromEvaluation(result), bench);
        return 0;
    });

    /// <summary>The --phenomena run the options describe.</summary>
    internal static PhenomenaRun PhenomenaOptions(ParseResult parse, Export.Ort.OrtSessionSettings settings)
    {
        var model = parse.GetValue(Model);
        var seeds = parse.GetValue(Seeds) is { } text ? ParseSeeds(text) : null;
        if (seeds is not null && model is not null)
            throw new ArgumentException("--seeds selects the suite's own models; an external model is measured once (omit --seeds).");
        return new PhenomenaRun(model, parse.GetValue(Task), settings,
            Only: parse.GetValue(Only) is { } only ? Ids(only) : null,
            Seeds: seeds,
            Shard: parse.GetValue(Shard) is { } shard ? Experiments.Sharding.Shard.Parse(shard) : null,
            Json: parse.GetValue(Json), Records: parse.GetValue(Records), JUnit: parse.GetValue(JUnit),
            BenchBigger: parse.GetValue(BenchBigger), BenchSmaller: parse.GetValue(BenchSmaller),
            History: parse.GetValue(HistoryFile));
    }

    /// <summary>Phenomenon ids separated by ',' or ';' (MSBuild lists use ';').</summary>
    internal static IReadOnlyList<string> Ids(string text)
    {
        var ids = text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0) throw new ArgumentException($"--only '{text}': name at least one phenomenon, e.g. A2.");
        foreach (var id in ids) Experiments.Phenomena.PhenomenonRegistry.Get(id);
        return [.. ids.Select(id => Experiments.Phenomena.PhenomenonRegistry.Get(id).Id).Distinct()];
    }

    private static IReadOnlyList<int> ParseSeeds(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new ArgumentException("--seeds needs at least one seed, e.g. 0,1,2.");
        var seeds = parts.Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s <= 1_000_000
            ? s
            : throw new ArgumentException($"--seeds: '{part}' is not a seed (0 to 1000000).")).ToList();
        if (seeds.Distinct().Count() != seeds.Count) throw new ArgumentException($"--seeds '{text}' names a seed twice.");
        return seeds;
    }

    private static OpenedModel OpenModel(string? path, Export.Ort.OrtSessionSettings settings)
    {
        if (path is not null) return ModelFiles.Open(path, settings);
        var plan = ReferenceModel.Plan(settings.IntraOpThreads);
        var cache = ModelCache.Default;
        bool cached = File.Exists(cache.PathOf(plan.CacheKey()));
        if (!cached)
            Console.Error.WriteLine($"training the reference model once ({ReferenceModel.Steps} steps; cached in {cache.Directory})");
        var model = cached
            ? plan.GetOrTrain(cache)
            : LongWork.Training("training the reference model", ReferenceModel.Steps, Console.Error, progress => plan.GetOrTrain(cache, progress));
        return new OpenedModel(new EngineCompletionSource(model), ReferenceModel.Description, TaskFile.ToJson(plan.Task), null, model);
    }

    private static GraphTask ResolveTask(string? value, OpenedModel model, int seed)
    {
        if (value is not null) return TaskResolver.Resolve(value, seed);
        if (model.TaskJson is not null) return TaskFile.Parse(model.TaskJson, model.Description);
        throw new ArgumentException($"{model.Description} does not say which task it was trained on (no graphnav.task metadata): pass --task.");
    }

    private static double[] ParseTemperatures(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new ArgumentException("--temperatures needs at least one value, e.g. 0,1,2.");
        return [.. parts.Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t >= 0 && double.IsFinite(t)
            ? t
            : throw new ArgumentException($"--temperatures: '{part}' is not a temperature ≥ 0."))];
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Render(GraphEvaluationResult result)
    {
        var greedy = result.Rows.FirstOrDefault(r => r.Temperature == 0);
        if (greedy is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]held-out validity at T=0:[/] {greedy.Accuracy.Mean:P1} [[{greedy.Accuracy.Low:P1}, {greedy.Accuracy.High:P1}]] over {result.Pairs} reachable pairs");
            AnsiConsole.MarkupLineInterpolated($"[bold]outcomes at T=0:[/] valid {greedy.Accuracy.Mean:P1}, misstep {greedy.Misstep:P1}, planning failure {greedy.PlanningFailure:P1}, format error {greedy.FormatError:P1}");
        }
        // Percentages as plain numbers keep the table within 80 columns when output goes to a log.
        var table = new Table().AddColumns("T", "n/pair", "valid % [[95% CI]]", "misstep %", "planning %", "format %", "distinct valid", "distinct");
        foreach (var row in result.Rows)
        {
            table.AddRow(
                Number(row.Temperature, "0.##"),
                Number(row.SamplesPerPair, "0"),
                $"{Number(100 * row.Accuracy.Mean, "0.0")} [[{Number(100 * row.Accuracy.Low, "0.0")}, {Number(100 * row.Accuracy.High, "0.0")}]]",
                Number(100 * row.Misstep, "0.0"),
                Number(100 * row.PlanningFailure, "0.0"),
                Number(100 * row.FormatError, "0.0"),
                Number(row.DistinctValidPaths, "0.00"),
                Number(row.DistinctCompletions, "0.00"));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"generated {result.GeneratedTokens:N0} tokens in {result.Seconds:F1} s ({result.GeneratedTokens / Math.Max(result.Seconds, 1e-9):N0} tokens/s)");
    }
}
