using System.Globalization;
using GraphNav.Experiments;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;

namespace GraphNav.Cli;

/// <summary><c>graphnav evaluate [MODEL] --phenomena</c>: the suite's phenomena from the command line.</summary>
internal static class EvaluatePhenomena
{
    public static int Run(string? modelPath, string? taskPath, Export.Ort.OrtSessionSettings settings, string? jsonPath, string? historyPath)
    {
        var progress = new InlineProgress<string>(line => Console.Error.WriteLine($"  {line}"));
        var context = PhenomenonContext.Default(Scale.Quick, progress) with
        {
            Threads = settings.IntraOpThreads,
            Device = settings.Device,
            ExternalModel = modelPath,
            ExternalTask = taskPath,
            Seeds = modelPath is null ? PhenomenonContext.QuickSeeds : [0],
        };
        // An external model is judged on every phenomenon (those that do not apply say why);
        // the suite's own models only on those that reproduce at quick scale.
        var entries = PhenomenonRegistry.All.Where(e => modelPath is not null || e.QuickScale).ToList();
        var results = new List<PhenomenonResult>();
        // The external model is profiled once; each phenomenon checks it before measuring.
        var profile = modelPath is null ? null : ModelProfile.Open(context);
        foreach (var entry in entries)
        {
            var p = entry.Phenomenon;
            Console.WriteLine($"{p.Id} {p.Title}: {p.Claim}");
            // One status line per phenomenon in a terminal (its progress lines as they come), plain lines in logs.
            var result = LongWork.Steps($"{p.Id} {p.Title}", Console.Error, lines => PhenomenonRunner.Run(p, context with { Progress = lines }, profile));
            results.Add(result);
            History.HistoryHook.Append(result, "evaluate", Experiments.Training.TrainingBackend.Current.Name, Console.Error, historyPath);
            foreach (var m in result.Measurements)
                Console.WriteLine($"    {m.Label}: {m.Format()}");
            Console.WriteLine($"    bar: {result.Bar}");
            Console.WriteLine($"  → {result.Verdict}: {result.Reason}");
        }
        Console.Error.WriteLine($"history: {History.HistoryLocation.Resolve(historyPath)}");
        Console.WriteLine(string.Join(", ", results.GroupBy(r => r.Verdict).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")));
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, "[\n" + string.Join(",\n", results.Select(r => r.ToJson())) + "\n]\n");
            Console.WriteLine($"wrote {Path.GetFullPath(jsonPath)}");
        }
        return results.Any(r => r.Verdict == Verdict.Fail) ? CliErrors.UserError : 0;
    }
}
