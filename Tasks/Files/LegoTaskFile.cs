using System.Text.Json;
using GraphNav.Tasks.Lego;

namespace GraphNav.Tasks.Files;

/// <summary>
/// LEGO tasks as <c>graphnav.task/1</c> files (kind "lego"): task.json carries the token map,
/// context length and the full <see cref="LegoSpec"/>; a task directory adds train.jsonl (the first
/// sentences of the training stream) and test.jsonl (the test set), in <see cref="LegoJsonl"/>'s
/// line format, so a model can be trained elsewhere on exactly the suite's sentences.
/// </summary>
public static class LegoTaskFile
{
    /// <summary>The format name of LEGO task files.</summary>
    public const string Format = "lego";

    /// <summary>The task.json text of a LEGO task (also a model's <c>graphnav.task</c> metadata).</summary>
    public static string ToJson(LegoSpec spec) => JsonSerializer.Serialize(ToModel(spec), TaskFileJsonContext.Default.TaskFileModel);

    /// <summary>Writes task.json, train.jsonl (<paramref name="trainSentences"/> sentences) and test.jsonl; task.json last.</summary>
    public static void WriteDirectory(LegoSpec spec, string directory, int trainSentences)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegative(trainSentences);
        spec.Validate();
        Directory.CreateDirectory(directory);
        var generator = new LegoGenerator(spec);
        LegoJsonl.WriteFile(Path.Combine(directory, TaskFile.TrainJsonl), Enumerable.Range(0, trainSentences).Select(i => generator.TrainSentence(i)));
        LegoJsonl.WriteFile(Path.Combine(directory, TaskFile.TestJsonl), generator.TestSet());
        var model = ToModel(spec);
        AtomicFile.Write(Path.Combine(directory, TaskFile.TaskJson), stream => JsonSerializer.Serialize(stream, model, TaskFileJsonContext.Default.TaskFileModel));
    }

    /// <summary>Loads the spec of a LEGO task.json or task directory; problems → InvalidDataException naming the file.</summary>
    public static LegoSpec Load(string path)
    {
        string file = TaskFile.ResolveTaskJson(path);
        return FromModel(TaskFile.ReadModel(file), file);
    }

    /// <summary>
    /// The spec of a LEGO task.json or task directory, or null when the file declares another kind;
    /// problems reading it → InvalidDataException naming the file (a FIFO or oversized file included).
    /// </summary>
    public static LegoSpec? LoadIfLego(string path)
    {
        string file = TaskFile.ResolveTaskJson(path);
        var model = TaskFile.ReadModel(file);
        return model.Kind == TaskKinds.Lego ? FromModel(model, file) : null;
    }

    /// <summary>Parses LEGO task.json text (e.g. model metadata); <paramref name="source"/> names it in errors.</summary>
    public static LegoSpec Parse(string json, string source) => FromModel(TaskFile.ParseModel(json, source), source);

    /// <summary>The kind a task.json text declares ("bernoulli", "hierarchical", "motif", "lego"), without validating the rest.</summary>
    public static string KindOf(string json, string source) => TaskFile.ParseModel(json, source).Kind ?? "";

    private static TaskFileModel ToModel(LegoSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tokens = spec.CreateTokens();
        using var document = JsonDocument.Parse(spec.ToJson());
        return new TaskFileModel
        {
            Schema = TaskFile.Schema,
            Name = $"lego-n{spec.Variables}-k{spec.SupervisedPositions}",
            Kind = TaskKinds.Lego,
            Seed = spec.Seed,
            Tokens = new Dictionary<string, int>(tokens.Map),
            VocabularySize = tokens.VocabSize,
            ContextLength = spec.ContextLength,
            Format = Format,
            Lego = document.RootElement.Clone(),
        };
    }

    private static LegoSpec FromModel(TaskFileModel model, string source)
    {
        if (model.Kind != TaskKinds.Lego)
            throw new InvalidDataException($"Task in {source}: kind is '{model.Kind ?? "(missing)"}', expected '{TaskKinds.Lego}'.");
        if (model.Lego is not { } element)
            throw new InvalidDataException($"Task in {source}: a LEGO task needs its 'lego' spec.");
        try
        {
            var spec = LegoSpec.FromJson(element);
            spec.Validate();
            return spec;
        }
        // InvalidOperationException: the spec's raw JSON holds bytes that are not UTF-8.
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"Task in {source}: {TaskFile.OneLine(e.Message)}", e);
        }
    }
}
