using System.Globalization;
using System.Text;
using GraphNav.Experiments;
using GraphNav.Experiments.Phenomena;
using GraphNav.Tasks;
using GraphNav.Tasks.Files;
using GraphNav.Tasks.Lego;

namespace GraphNav.Cli;

/// <summary>
/// <c>graphnav evaluate m.onnx --task lego.json</c>: an encoder on a LEGO task — accuracy and
/// shortcut agreement at every chain position of the task's test set, with 95% intervals over sentences.
/// </summary>
internal static class EvaluateLego
{
    /// <summary>The spec of a LEGO preset (<see cref="Experiments.Lego.LegoTaskPresets"/>) for <paramref name="seed"/>, or null when the name is not one.</summary>
    public static LegoSpec? PresetSpec(string? name, int seed) => Experiments.Lego.LegoTaskPresets.Find(name)?.Create(seed);

    /// <summary>The spec of a LEGO task.json or task directory (its own seed), or null when the path is missing
    /// (the graph path reports it) or declares a graph kind.</summary>
    public static LegoSpec? FileSpec(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, TaskFile.TaskJson) : path;
        return File.Exists(file) ? LegoTaskFile.LoadIfLego(file) : null;
    }

    /// <summary>The LEGO task a run names (--task: the preset or a LEGO task file/directory; else the model's
    /// metadata), or null when the task is not a LEGO task.</summary>
    public static LegoSpec? TaskOf(string? taskValue, OpenedModel model, int seed)
    {
        if (PresetSpec(taskValue, seed) is { } preset) return preset;
        if (taskValue is not null) return FileSpec(taskValue);
        return model.TaskJson is { } metadata && LegoTaskFile.KindOf(metadata, model.Description) == TaskKinds.Lego
            ? LegoTaskFile.Parse(metadata, model.Description)
            : null;
    }

    /// <summary>Prints (and optionally writes as JSON) accuracy and shortcut agreement per chain position;
    /// the sentences are the test.jsonl of <paramref name="taskPath"/> when it names a task directory, else generated from the spec.</summary>
    public static int Run(OpenedModel model, LegoSpec spec, string? taskPath, string? jsonPath)
    {
        var sentences = Experiments.Lego.ExternalLegoModel.ReadTestSet(PresetSpec(taskPath, 0) is null ? taskPath : null, spec).Sentences;
        Console.WriteLine($"model  {model.Description}, runs on {model.ExecutionProvider}");
        Console.WriteLine($"task   LEGO n={spec.Variables}, loss on positions 1-{spec.SupervisedPositions}, {(spec.Shuffled ? "shuffled" : "ordered")} clauses, {sentences.Count} test sentences");
        var outcomes = Experiments.Lego.LegoEvaluation.Evaluate(model.Logits, sentences, spec.ContextLength);
        IReadOnlyList<IReadOnlyList<LegoOutcome>> bySentence = [outcomes];
        var table = new StringBuilder();
        table.AppendLine("position  supervised  accuracy [95% CI]      shortcut agreement");
        var json = new StringBuilder($"{{\n  \"execution_provider\": \"{model.ExecutionProvider}\",\n  \"positions\": [\n");
        for (int p = 1; p <= spec.Variables; p++)
        {
            var accuracy = Experiments.Lego.LegoEvaluation.Accuracy(bySentence, p);
            var shortcut = Experiments.Lego.LegoEvaluation.ShortcutAgreement(bySentence, p);
            table.AppendLine(CultureInfo.InvariantCulture, $"{p,8}  {(p <= spec.SupervisedPositions ? "yes" : "no"),10}  {accuracy.Format("0.000"),-21}  {shortcut.Format("0.000")}");
            json.Append(CultureInfo.InvariantCulture, $"    {{\"position\": {p}, \"supervised\": {(p <= spec.SupervisedPositions ? "true" : "false")}, \"accuracy\": {accuracy.Mean}, \"accuracy_low\": {accuracy.Low}, \"accuracy_high\": {accuracy.High}, \"shortcut_agreement\": {shortcut.Mean}}}");
            json.AppendLine(p < spec.Variables ? "," : "");
        }
        json.Append("  ]\n}\n");
        Console.Write(table);
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, json.ToString());
            Console.WriteLine($"wrote {Path.GetFullPath(jsonPath)}");
        }
        return 0;
    }
}
