using System.Text;
using System.Text.Json;
using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;

namespace GraphNav.Tasks.Files;

/// <summary>
/// Reads and writes graph task files (<c>graphnav.task/1</c>, docs/PHENOMENA.md §1). A task *directory* holds
/// <c>task.json</c>, <c>train.jsonl</c> (the first M examples of the example stream) and <c>test.jsonl</c>
/// (one line per test pair: prompt + one uniformly sampled reference completion, with start and goal).
/// Every write is atomic; every read validates and reports problems as <see cref="InvalidDataException"/>
/// naming the file.
/// </summary>
public static class TaskFile
{
    /// <summary>The schema tag this version reads and writes.</summary>
    public const string Schema = "graphnav.task/1";
    /// <summary>File names inside a task directory.</summary>
    public const string TaskJson = "task.json", TrainJsonl = "train.jsonl", TestJsonl = "test.jsonl";

    /// <summary>Writes <c>task.json</c> alone (atomically).</summary>
    public static void WriteTaskJson(GraphTask task, string path)
    {
        var model = ToModel(task);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, model, TaskFileJsonContext.Default.TaskFileModel));
    }

    /// <summary>
    /// The task.json text of <paramref name="task"/>: what a model file carries as its
    /// <c>graphnav.task</c> metadata, and what identifies the task in a cache key.
    /// </summary>
    public static string ToJson(GraphTask task) =>
        JsonSerializer.Serialize(ToModel(task), TaskFileJsonContext.Default.TaskFileModel);

    /// <summary>
    /// Parses task.json text (e.g. a model's <c>graphnav.task</c> metadata); <paramref name="source"/>
    /// names where it came from in error messages.
    /// </summary>
    public static GraphTask Parse(string json, string source)
    {
        var model = ParseModel(json, source);
        try
        {
            return FromModel(model);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Task in {source}: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Deserialises task.json text and checks the schema tag (graph and motif tasks alike).</summary>
    internal static TaskFileModel ParseModel(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        TaskFileModel? model;
        try
        {
            model = JsonSerializer.Deserialize(json, TaskFileJsonContext.Default.TaskFileModel);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Task in {source} is not valid JSON (line {e.LineNumber}): {OneLine(e.Message)}", e);
        }
        if (model is null) throw new InvalidDataException($"Task in {source} is empty (null).");
        if (model.Schema != Schema)
            throw new InvalidDataException($"Task in {source}: schema is '{model.Schema ?? "(missing)"}', expected '{Schema}'.");
        return model;
    }

    /// <summary>
    /// Writes a task directory: task.json, train.jsonl with the first <paramref name="trainExamples"/>
    /// examples of <c>new ExampleStream(task, streamSeed)</c>, and test.jsonl with one reference example per
    /// test pair whose path is drawn with <c>new Random(referenceSeed)</c> in test-pair order.
    /// </summary>
    public static void WriteDirectory(GraphTask task, string directory, int trainExamples, int streamSeed, int referenceSeed)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfNegative(trainExamples);
        Directory.CreateDirectory(directory);
        var stream = new ExampleStream(task, streamSeed);
        WriteJsonl(Path.Combine(directory, TrainJsonl), Enumerable.Range(0, trainExamples).Select(_ =>
        {
            var e = stream.Next();
            return new ExampleLine { Ids = e.Ids, LossFrom = e.LossFrom };
        }));
        var rng = new Random(referenceSeed);
        WriteJsonl(Path.Combine(directory, TestJsonl), task.TestPairs.Select(pair =>
        {
            var e = task.Encode(pair, rng);
            return new ExampleLine { Ids = e.Ids, LossFrom = e.LossFrom, Start = pair.Start, Goal = pair.Goal };
        }));
        // task.json last: a directory with a task.json is complete.
        WriteTaskJson(task, Path.Combine(directory, TaskJson));
    }

    /// <summary>
    /// Loads a task from a <c>task.json</c> file or a task directory (which must also hold train.jsonl and
    /// test.jsonl). Throws <see cref="InvalidDataException"/> naming the file and the problem.
    /// </summary>
    public static GraphTask Load(string path)
    {
        string file = ResolveTaskJson(path);
        var model = ReadModel(file);
        try
        {
            return FromModel(model);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Task file '{file}': {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Reads and deserialises task.json, checking the schema tag.</summary>
    internal static TaskFileModel ReadModel(string file)
    {
        TaskFileModel? model;
        try
        {
            byte[] bytes = Common.InputFile.ReadAllBytes(file, "task file", TaskLimits.TaskJsonBytes);
            // Invalid UTF-8 inside a string surfaces later as InvalidOperationException (e.g. the LEGO spec's raw text).
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
                throw new InvalidDataException($"Task file '{file}' is not valid UTF-8 text.");
            model = JsonSerializer.Deserialize(bytes, TaskFileJsonContext.Default.TaskFileModel);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Task file '{file}' is not valid JSON (line {e.LineNumber}): {OneLine(e.Message)}", e);
        }
        if (model is null) throw new InvalidDataException($"Task file '{file}' is empty (null).");
        if (model.Schema != Schema)
            throw new InvalidDataException($"Task file '{file}': schema is '{model.Schema ?? "(missing)"}', expected '{Schema}'.");
        return model;
    }

    /// <summary>The task.json inside a task directory (checking the JSONL files exist), or the file itself.</summary>
    internal static string ResolveTaskJson(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            foreach (string name in new[] { TaskJson, TrainJsonl, TestJsonl })
                if (!File.Exists(Path.Combine(path, name)))
                    throw new InvalidDataException($"Task directory '{path}' has no {name}.");
            return Path.Combine(path, TaskJson);
        }
        return File.Exists(path)
            ? path
            : throw new InvalidDataException($"Task file '{path}' does not exist (expected a task.json file or a task directory).");
    }

    /// <summary>Reads a JSONL example file, validating every line (ids present, 1 ≤ loss_from ≤ length).</summary>
    public static IReadOnlyList<ExampleLine> ReadExamples(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"Example file '{path}' does not exist.");
        Common.InputFile.CheckedLength(path, "example file", TaskLimits.JsonlBytes);
        var lines = new List<ExampleLine>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0) continue;
            ExampleLine? example;
            try { example = JsonSerializer.Deserialize(line, TaskFileJsonContext.Default.ExampleLine); }
            catch (JsonException e) { throw new InvalidDataException($"'{path}' line {number} is not valid JSON: {OneLine(e.Message)}", e); }
            if (example?.Ids is null || example.Ids.Length == 0)
                throw new InvalidDataException($"'{path}' line {number} has no ids.");
            if (example.LossFrom < 1 || example.LossFrom > example.Ids.Length)
                throw new InvalidDataException($"'{path}' line {number}: loss_from {example.LossFrom} is outside [1, {example.Ids.Length}].");
            lines.Add(example);
        }
        return lines;
    }

    internal static void WriteJsonl(string path, IEnumerable<ExampleLine> lines) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            foreach (var line in lines)
                writer.Write(JsonSerializer.Serialize(line, TaskFileJsonContext.Default.ExampleLine) + "\n");
        });

    private static TaskFileModel ToModel(GraphTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new TaskFileModel
        {
            Schema = Schema,
            Name = task.Name,
            Kind = task.Kind,
            Parameters = new Dictionary<string, double>(task.Parameters),
            Seed = task.Seed,
            Nodes = task.Dag.NodeCount,
            Edges = [.. task.Dag.Edges().Select(e => new[] { e.From, e.To })],
            Layers = task.Dag.Layers,
            Tokens = task.Tokens.Specials.ToDictionary(kv => kv.Key, kv => kv.Value),
            NodeTokenBase = task.Tokens.NodeBase,
            VocabularySize = task.Tokens.VocabularySize,
            ContextLength = task.ContextLength,
            Format = FormatName(task.Format),
            TrainPairs = [.. task.TrainPairs.Select(p => new[] { p.Start, p.Goal })],
            TestPairs = [.. task.TestPairs.Select(p => new[] { p.Start, p.Goal })],
        };
    }

    private static GraphTask FromModel(TaskFileModel m)
    {
        if (m.Kind == TaskKinds.Motif)
            throw new ArgumentException($"kind '{TaskKinds.Motif}' is a motif task; load it with {nameof(MotifTaskFile)}.{nameof(MotifTaskFile.Load)}.");
        if (m.Kind is not (TaskKinds.Bernoulli or TaskKinds.Hierarchical or TaskKinds.Imported))
            throw new ArgumentException($"kind '{m.Kind ?? "(missing)"}' is not a graph kind this version reads ('{TaskKinds.Bernoulli}', '{TaskKinds.Hierarchical}', '{TaskKinds.Imported}').");
        if (m.Nodes < 2) throw new ArgumentException($"nodes = {m.Nodes}; a task needs at least 2.");
        CheckSizes(m.Nodes, m.NodeTokenBase, m.ContextLength);
        var edges = Required(m.Edges, "edges").Select((e, i) => e is { Length: 2 }
            ? (e[0], e[1]) : throw new ArgumentException($"edges[{i}] must be [from, to]."));
        var dag = new Dag(m.Nodes, edges.ToList(), m.Layers);
        // Only the specials the task's sequences use are required (GraphTask checks which); the others may be left out.
        var tokens = new TokenMap(Required(m.Tokens, "tokens"), m.NodeTokenBase, m.Nodes);
        if (m.VocabularySize != 0 && m.VocabularySize != tokens.VocabularySize)
            throw new ArgumentException($"vocabulary_size = {m.VocabularySize} but the token map needs {tokens.VocabularySize}.");
        var format = m.Format switch
        {
            "stepwise" => SequenceFormat.Stepwise,
            "direct" => SequenceFormat.Direct,
            _ => throw new ArgumentException($"format '{m.Format ?? "(missing)"}' is unknown; expected 'stepwise' or 'direct'."),
        };
        if (m.ContextLength < 1) throw new ArgumentException($"context_length = {m.ContextLength} must be ≥ 1.");
        return new GraphTask(m.Name ?? "", m.Kind, m.Parameters ?? [], m.Seed, dag, tokens, format, m.ContextLength,
            Pairs(m.TrainPairs, "train_pairs"), Pairs(m.TestPairs, "test_pairs"));
    }

    /// <summary>Limits checked before any graph or token map is allocated (graph and motif tasks).</summary>
    internal static void CheckSizes(long nodes, long nodeTokenBase, long contextLength)
    {
        TaskLimits.Nodes.CheckArgument(nodes, "nodes");
        TaskLimits.ContextLength.CheckArgument(contextLength, "context_length");
        if (nodeTokenBase + nodes > 1 << 24)
            throw new ArgumentException($"node_token_base {nodeTokenBase} + nodes {nodes} exceeds 2^24 token ids.");
    }

    private static NodePair[] Pairs(int[][]? pairs, string field) =>
        [.. Required(pairs, field).Select((p, i) => p is { Length: 2 }
            ? new NodePair(p[0], p[1]) : throw new ArgumentException($"{field}[{i}] must be [start, goal]."))];

    internal static T Required<T>(T? value, string field) where T : class =>
        value ?? throw new ArgumentException($"required field '{field}' is missing.");

    /// <summary>The parser's message on one line: it quotes JSON keys, which may hold escaped line breaks.</summary>
    internal static string OneLine(string message) => message.ReplaceLineEndings(" ");

    /// <summary>The task-file spelling of a format.</summary>
    public static string FormatName(SequenceFormat format) => format switch
    {
        SequenceFormat.Stepwise => "stepwise",
        SequenceFormat.Direct => "direct",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sequence format."),
    };
}
