using System.CommandLine;
using System.Globalization;
using GraphNav.Tasks;
using GraphNav.Tasks.Files;
using GraphNav.Tasks.Formats;

namespace GraphNav.Cli.Commands;

/// <summary><c>graphnav task list | export | import</c>: the suite's tasks as files another trainer can use, and
/// a user's own graph as a task the harness can evaluate on.</summary>
internal static class TaskCommand
{
    public static Command Create()
    {
        var command = new Command("task", "List the task presets or export a task as files (task.json, train.jsonl, test.jsonl).");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(TaskImportCommand.Create());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the task presets.");
        command.SetAction(_ => CliErrors.Run(() =>
        {
            foreach (var name in TaskPresets.Names)
            {
                var preset = TaskPresets.Get(name);
                var parameters = string.Join(", ", preset.Parameters.Select(kv => $"{kv.Key}={kv.Value}"));
                Console.WriteLine($"{name,-20} {preset.Kind,-13} {parameters}");
            }
            foreach (var lego in Experiments.Lego.LegoTaskPresets.All)
                Console.WriteLine($"{lego.Name,-20} {TaskKinds.Lego,-13} {lego.Description}");
            return 0;
        }));
        return command;
    }

    private static Command Export()
    {
        var task = new Option<string>("--task") { Description = "Preset name, task.json or task directory.", DefaultValueFactory = _ => "bernoulli-quick" };
        var seed = new Option<int>("--seed") { Description = "Seed of graph and split (presets) and of the example stream; a LEGO task file keeps its own.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Directory to write task.json, train.jsonl and test.jsonl into.", Required = true };
        var examples = new Option<int>("--examples")
        {
            Description = "Training examples to write: the first N of the stream the suite trains on (default covers 1500 steps of batch 64).",
            DefaultValueFactory = _ => 1500 * 64,
        };
        var tokens = new Option<string?>("--tokens")
        {
            Description = $"Token ids to write the task in: a tokens file (JSON name → id: \"nodes\" = id of node 0, and the specials " +
                $"\":\", \"END\", \"PAD\", \"NOPATH\", \"PATH\" the task uses), '{TokenLayout.NodesFirstName}' (nodes 0…N−1, then ':', END, PAD) " +
                $"or '{TokenLayout.DefaultName}'. Graph tasks only.",
        };
        var command = new Command("export", "Write a task directory so a model can be trained elsewhere on exactly the suite's data.")
        {
            task, seed, output, examples, tokens,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var directory = parse.GetValue(output)!;
            int count = OptionLimits.Checked(parse, examples, 1, OptionLimits.Examples);
            // Resolved before anything is written: a bad tokens file leaves no directory behind.
            var layout = parse.GetValue(tokens) is { } value ? TokenLayout.Resolve(value) : null;
            var taskValue = parse.GetValue(task)!;
            // A LEGO preset takes --seed; a LEGO task file keeps the seed it was written with.
            if ((EvaluateLego.PresetSpec(taskValue, parse.GetValue(seed)) ?? EvaluateLego.FileSpec(taskValue)) is { } spec)
            {
                if (layout is not null)
                    throw new ArgumentException($"--tokens applies to graph tasks; LEGO task '{taskValue}' keeps its own ids (see Tasks/Lego/README.md).");
                LegoTaskFile.WriteDirectory(spec, directory, count);
                Console.WriteLine($"wrote {taskValue}: n={spec.Variables}, k={spec.SupervisedPositions}, {Counted(count, "training sentence")}, {Counted(spec.TestSize, "test sentence")} → {Path.GetFullPath(directory)}");
                return 0;
            }
            var graphTask = TaskResolver.Resolve(taskValue, parse.GetValue(seed));
            if (layout is not null) graphTask = layout.Apply(graphTask);
            TaskFile.WriteDirectory(graphTask, directory, count, streamSeed: parse.GetValue(seed), referenceSeed: parse.GetValue(seed));
            Console.WriteLine($"wrote {graphTask.Name}: {graphTask.Dag.NodeCount} nodes, {graphTask.Dag.EdgeCount} edges, " +
                $"{graphTask.TrainPairs.Count} train / {graphTask.TestPairs.Count} test pairs, {Counted(count, "training example")}, " +
                $"{TokenSummary(graphTask)} → {Path.GetFullPath(directory)}");
            return 0;
        }));
        return command;
    }

    /// <summary>"1 training sentence", "2 training sentences".</summary>
    private static string Counted(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>The ids a task is written in, e.g. "ids: nodes 0–99, ':' 100, END 101, PAD 102 (vocabulary 103)".</summary>
    internal static string TokenSummary(GraphTask task)
    {
        var t = task.Tokens;
        var specials = string.Join(", ", t.Specials.OrderBy(kv => kv.Value).Select(kv => $"'{kv.Key}' {kv.Value}"));
        return $"ids: nodes {t.NodeBase}–{t.NodeBase + t.NodeCount - 1}, {specials} (vocabulary {t.VocabularySize})";
    }
}
