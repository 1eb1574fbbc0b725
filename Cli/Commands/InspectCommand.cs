using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphNav.Experiments;
using GraphNav.Experiments.Phenomena;
using GraphNav.Export;

namespace GraphNav.Cli.Commands;

/// <summary>
/// <c>graphnav inspect MODEL [--json FILE]</c>: what a model file declares and what GraphNav makes of
/// it — inputs and outputs, vocabulary, context, KV-cache layout, attention and embedding
/// capabilities (or why not), metadata, and the execution provider — opened exactly as
/// <c>evaluate</c> opens it — then which phenomena apply to it and why not the others
/// (<see cref="ApplicabilityTable"/>, the check an external run makes before measuring).
/// </summary>
internal static class InspectCommand
{
    private static readonly Argument<string> Model = new("model") { Description = "An .onnx file or an engine checkpoint (.safetensors)." };
    private static readonly Option<string?> Json = new("--json") { Description = "Also write the report as JSON to this file." };
    private static readonly Option<string?> Task = new("--task") { Description = "Task file or directory the model was trained on, when its graphnav.task metadata is missing (decides which phenomena apply)." };
    private static readonly Option<int> Threads = new("--threads") { Description = "ONNX Runtime intra-op threads.", DefaultValueFactory = _ => 1 };

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("inspect", "Describe a model file: signature, vocabulary, context, KV cache, attention and embeddings, metadata, execution provider, and which phenomena apply to it.")
        {
            Model, Json, Task, Threads,
        };
        OrtOptions.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse) => CliErrors.Run(() =>
    {
        var settings = OrtOptions.Settings(parse, parse.GetValue(Threads));
        using var opened = ModelFiles.Open(parse.GetValue(Model)!, settings);
        var inspection = ModelInspection.Of(opened.File!);
        var profile = ModelProfile.Of(opened, parse.GetValue(Task));
        var applicability = ApplicabilityTable.Of(profile);
        foreach (var line in inspection.ToLines().Concat(ApplicabilityTable.ToLines(profile, applicability))) Console.WriteLine(line);
        if (parse.GetValue(Json) is { } json)
        {
            // The inspection's own JSON, with the profile and the applicability table under "applicability".
            var report = JsonNode.Parse(inspection.ToJson())!.AsObject();
            report["applicability"] = ApplicabilityTable.ToJson(profile, applicability);
            File.WriteAllText(json, report.ToJsonString(IndentedJson));
            Console.WriteLine($"wrote {Path.GetFullPath(json)}");
        }
        return 0;
    });
}
