using System.CommandLine;
using GraphNav.Tasks.Files;
using GraphNav.Tasks.Formats;

namespace GraphNav.Cli.Commands;

/// <summary>
/// <c>graphnav task import</c>: a user's own graph, pairs and token ids as a task directory that
/// <c>graphnav evaluate --task</c> reads. Everything is read and validated before anything is written.
/// </summary>
internal static class TaskImportCommand
{
    public static Command Create()
    {
        var graph = new Option<string>("--graph")
        {
            Description = "The graph: JSON {\"nodes\": N, \"edges\": [[from, to], ...]} or {\"adjacency\": {\"0\": [1, 2], ...}}, or a CSV edge list from,to. " +
                "Nodes are numbered 0…N−1 in topological order (every edge goes from a lower to a higher number).",
            Required = true,
        };
        var train = new Option<string>("--train") { Description = "Training pairs: JSON [[start, goal], ...] or CSV start,goal.", Required = true };
        var test = new Option<string>("--test") { Description = "Held-out pairs (the ones evaluate scores), same formats.", Required = true };
        var tokens = new Option<string>("--tokens")
        {
            Description = $"The model's token ids: a tokens file (JSON name → id, e.g. {{\"nodes\": 0, \":\": 100, \"END\": 101, \"PAD\": 102}}), " +
                $"'{TokenLayout.NodesFirstName}' or '{TokenLayout.DefaultName}'.",
            DefaultValueFactory = _ => TokenLayout.DefaultName,
        };
        var format = new Option<string>("--format") { Description = "Sequence format: stepwise (a path, then END) or direct (PATH or NOPATH, then END).", DefaultValueFactory = _ => "stepwise" };
        var context = new Option<int?>("--context") { Description = "Context length T (default: the smallest that holds the longest sequence)." };
        var nodes = new Option<int?>("--nodes") { Description = "Number of nodes (default: from the graph file)." };
        var name = new Option<string>("--name") { Description = "Task name written into task.json.", DefaultValueFactory = _ => "imported" };
        var examples = new Option<int>("--examples")
        {
            Description = "Training examples to write to train.jsonl (uniform pairs, uniform paths; seed --seed).",
            DefaultValueFactory = _ => 1500 * 64,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the example stream and the test references.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Task directory to write (task.json, train.jsonl, test.jsonl).", Required = true };
        var command = new Command("import", "Build a task from your own graph, pairs and token ids, validate it and write a task directory for evaluate --task.")
        {
            graph, train, test, tokens, format, context, nodes, name, examples, seed, output,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            int count = parse.GetValue(examples);
            if (count < 1) throw new ArgumentException($"--examples must be ≥ 1 (got {count}).");
            if (parse.GetValue(context) is < 1 and var t) throw new ArgumentException($"--context must be ≥ 1 (got {t}).");
            if (parse.GetValue(nodes) is < 2 and var n) throw new ArgumentException($"--nodes must be ≥ 2 (got {n}).");
            var sequenceFormat = parse.GetValue(format) switch
            {
                "stepwise" => SequenceFormat.Stepwise,
                "direct" => SequenceFormat.Direct,
                var other => throw new ArgumentException($"--format '{other}' is unknown; expected 'stepwise' or 'direct'."),
            };
            var request = new GraphImportRequest(parse.GetValue(graph)!, parse.GetValue(train)!, parse.GetValue(test)!,
                TokenLayout.Resolve(parse.GetValue(tokens)!), sequenceFormat, parse.GetValue(context), parse.GetValue(name)!, parse.GetValue(nodes));
            var (task, summary) = GraphImport.Build(request);
            if (summary.TestReachable == 0)
                Console.Error.WriteLine("graphnav: warning: no held-out pair is reachable; evaluate scores reachable held-out pairs only.");
            var directory = parse.GetValue(output)!;
            TaskFile.WriteDirectory(task, directory, count, streamSeed: parse.GetValue(seed), referenceSeed: parse.GetValue(seed));
            Console.WriteLine($"imported {task.Name}: {task.Dag.NodeCount} nodes, {task.Dag.EdgeCount} edges, longest path {summary.LongestPath} edges, T={task.ContextLength}");
            Console.WriteLine($"  train pairs {summary.TrainPairs} ({summary.TrainReachable} reachable), test pairs {summary.TestPairs} ({summary.TestReachable} reachable)");
            Console.WriteLine($"  {TaskCommand.TokenSummary(task)}");
            Console.WriteLine($"  wrote {count} training examples → {Path.GetFullPath(directory)}");
            return 0;
        }));
        return command;
    }
}
