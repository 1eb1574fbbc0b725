using System.Text.Json;
using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Motifs;

namespace GraphNav.Tasks.Files;

/// <summary>
/// Task files of kind "motif" (schema <c>graphnav.task/1</c>, format "exemplar"): the motifs' edge lists,
/// the token map, the context length and the three order lists of <see cref="MotifTask"/>. The directory
/// layout is that of <see cref="TaskFile"/>: train.jsonl holds the first M examples of
/// <c>new MotifStream(set, trainOrders, streamSeed)</c>; test.jsonl holds, per held-out and long order, a
/// fixed number of queries with one reference completion each, tagged with order, split, start and goal.
/// </summary>
public static class MotifTaskFile
{
    /// <summary>The format name written for the exemplar format.</summary>
    public const string ExemplarFormat = "exemplar";

    /// <summary>Writes task.json (atomically).</summary>
    public static void WriteTaskJson(MotifTask task, string path)
    {
        var model = ToModel(task);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, model, TaskFileJsonContext.Default.TaskFileModel));
    }

    /// <summary>The task.json text of a motif task (a model's <c>graphnav.task</c> metadata).</summary>
    public static string ToJson(MotifTask task) => JsonSerializer.Serialize(ToModel(task), TaskFileJsonContext.Default.TaskFileModel);

    /// <summary>Parses task.json text of a motif task; <paramref name="source"/> names it in errors.</summary>
    public static MotifTask Parse(string json, string source)
    {
        var model = TaskFile.ParseModel(json, source);
        try
        {
            return FromModel(model);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Task in {source}: {TaskFile.OneLine(e.Message)}", e);
        }
    }

    /// <summary>Writes a task directory (task.json last, so its presence marks a complete directory).</summary>
    public static void WriteDirectory(MotifTask task, string directory, int trainExamples, int streamSeed, int referenceSeed, int queriesPerOrder)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfNegative(trainExamples);
        ArgumentOutOfRangeException.ThrowIfNegative(queriesPerOrder);
        Directory.CreateDirectory(directory);
        var stream = new MotifStream(task.Set, task.TrainOrders, streamSeed);
        TaskFile.WriteJsonl(Path.Combine(directory, TaskFile.TrainJsonl), Enumerable.Range(0, trainExamples).Select(_ =>
        {
            var (e, _) = stream.Next();
            return new ExampleLine { Ids = e.Ids, LossFrom = e.LossFrom };
        }));
        var rng = new Random(referenceSeed);
        var tests = task.HeldOutOrders.Select(o => (Order: o, Split: "held_out")).Concat(task.LongOrders.Select(o => (Order: o, Split: "long")));
        TaskFile.WriteJsonl(Path.Combine(directory, TaskFile.TestJsonl), tests.SelectMany(t =>
        {
            var chain = task.Set.Chain(t.Order);
            return Enumerable.Range(0, queriesPerOrder).Select(_ =>
            {
                var query = chain.SampleQuery(rng);
                var e = chain.Encode(query, rng);
                return new ExampleLine { Ids = e.Ids, LossFrom = e.LossFrom, Start = query.Start, Goal = query.Goal, Order = t.Order, Split = t.Split };
            }).ToList();   // materialise per order so draws happen in order
        }));
        WriteTaskJson(task, Path.Combine(directory, TaskFile.TaskJson));
    }

    /// <summary>Loads a motif task from task.json or a task directory; problems → <see cref="InvalidDataException"/> naming the file.</summary>
    public static MotifTask Load(string path)
    {
        string file = TaskFile.ResolveTaskJson(path);
        var m = TaskFile.ReadModel(file);
        try
        {
            return FromModel(m);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Task file '{file}': {TaskFile.OneLine(e.Message)}", e);
        }
    }

    private static TaskFileModel ToModel(MotifTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var set = task.Set;
        var tokens = set.Tokens;
        return new TaskFileModel
        {
            Schema = TaskFile.Schema,
            Name = "motif",
            Kind = TaskKinds.Motif,
            Parameters = new Dictionary<string, double>
            {
                ["motif_count"] = set.MotifCount, ["layers"] = set.LayerCount, ["width"] = set.MotifSize / set.LayerCount,
            },
            Seed = task.Seed,
            Nodes = set.NodeCount,
            Motifs = [.. Enumerable.Range(0, set.MotifCount).Select(i => set.Motif(i).Edges().Select(e => new[] { e.From, e.To }).ToArray())],
            Tokens = tokens.Specials.ToDictionary(kv => kv.Key, kv => kv.Value),
            NodeTokenBase = tokens.NodeBase,
            VocabularySize = tokens.VocabularySize,
            ContextLength = task.ContextLength,
            Format = ExemplarFormat,
            TrainOrders = [.. task.TrainOrders],
            HeldOutOrders = [.. task.HeldOutOrders],
            LongOrders = [.. task.LongOrders],
        };
    }

    private static MotifTask FromModel(TaskFileModel m)
    {
        if (m.Kind != TaskKinds.Motif)
            throw new ArgumentException($"kind is '{m.Kind ?? "(missing)"}', expected '{TaskKinds.Motif}' (graph tasks load with {nameof(TaskFile)}.{nameof(TaskFile.Load)}).");
        if (m.Format != ExemplarFormat)
            throw new ArgumentException($"format '{m.Format ?? "(missing)"}' is not '{ExemplarFormat}'.");
        var parameters = TaskFile.Required(m.Parameters, "parameters");
        int Integer(string name) => parameters.TryGetValue(name, out double v) && v == Math.Floor(v) && v is >= 1 and <= int.MaxValue
            ? (int)v : throw new ArgumentException($"parameters.{name} must be a positive integer.");
        int count = Integer("motif_count"), layers = Integer("layers"), width = Integer("width");
        // Checked before the motifs are built: the product of three ints can exceed a long's range.
        TaskFile.CheckSizes((long)Int128.Min((Int128)count * layers * width, long.MaxValue), m.NodeTokenBase, m.ContextLength);
        var motifs = TaskFile.Required(m.Motifs, "motifs");
        if (motifs.Length != count)
            throw new ArgumentException($"motifs has {motifs.Length} entries but parameters.motif_count is {count}.");
        var layerOf = Enumerable.Range(0, layers * width).Select(i => i / width).ToArray();
        var set = new MotifSet([.. motifs.Select((edges, k) => new Dag(layers * width,
            (edges ?? throw new ArgumentException($"motifs[{k}] is null.")).Select((e, i) => e is { Length: 2 }
                ? (e[0], e[1]) : throw new ArgumentException($"motifs[{k}].edges[{i}] must be [from, to].")).ToList(), layerOf))]);
        if (m.Nodes != set.NodeCount)
            throw new ArgumentException($"nodes = {m.Nodes} but {count} motifs of {layers}×{width} have {set.NodeCount}.");
        var t = TaskFile.Required(m.Tokens, "tokens");
        foreach (var (name, id) in set.Tokens.Specials)
            if (!t.TryGetValue(name, out int written) || written != id)
                throw new ArgumentException($"token '{name}' must have the default id {id} in a motif task.");
        if (m.NodeTokenBase != set.Tokens.NodeBase)
            throw new ArgumentException($"node_token_base = {m.NodeTokenBase}; motif tasks use {set.Tokens.NodeBase}.");
        IReadOnlyList<int[]> Orders(int[][]? orders, string field)
        {
            var list = TaskFile.Required(orders, field);
            for (int i = 0; i < list.Length; i++)
                if (list[i] is null || list[i].Length == 0 || list[i].Any(x => (uint)x >= (uint)count) || list[i].Distinct().Count() != list[i].Length)
                    throw new ArgumentException($"{field}[{i}] must be a non-empty list of distinct motifs in [0, {count}).");
            return list;
        }
        var task = new MotifTask(set, Orders(m.TrainOrders, "train_orders"), Orders(m.HeldOutOrders, "held_out_orders"),
            Orders(m.LongOrders, "long_orders"), m.ContextLength, m.Seed);
        int longest = task.TrainOrders.Concat(task.HeldOutOrders).Concat(task.LongOrders).Max(o => o.Length);
        int needed = MotifTask.MaxTokens(count, longest, layers) - 1;
        if (m.ContextLength < needed)
            throw new ArgumentException($"Context length {m.ContextLength} is too short: chains of {longest} motifs need T ≥ {needed}.");
        return task;
    }
}
