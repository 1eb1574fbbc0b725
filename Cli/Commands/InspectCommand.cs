using System.CommandLine;
using GraphNav.Export;

namespace GraphNav.Cli.Commands;

/// <summary>
/// <c>graphnav inspect MODEL [--json FILE]</c>: what a model file declares and what GraphNav makes of
/// it — inputs and outputs, vocabulary, context, KV-cache layout, attention and embedding
/// capabilities (or why not), metadata, and the execution provider — opened exactly as
/// <c>evaluate</c> opens it.
/// </summary>
internal static class InspectCommand
{
    private static readonly Argument<string> Model = new("model") { Description = "An .onnx file or an engine checkpoint (.safetensors)." };
    private static readonly Option<string?> Json = new("--json") { Description = "Also write the report as JSON to this file." };
    private static readonly Option<int> Threads = new("--threads") { Description = "ONNX Runtime intra-op threads.", DefaultValueFactory = _ => 1 };

    public static Command Create()
    {
        var command = new Command("inspect", "Describe a model file: signature, vocabulary, context, KV cache, attention and embeddings, metadata, execution provider.")
        {
            Model, Json, Threads,
        };
        OrtOptions.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse) => CliErrors.Run(() =>
    {
        var settings = OrtOptions.Settings(parse, parse.GetValue(Threads));
        using var file = ModelFileOpener.Open(parse.GetValue(Model)!, settings);
        var inspection = ModelInspection.Of(file);
        foreach (var line in inspection.ToLines()) Console.WriteLine(line);
        if (parse.GetValue(Json) is { } json)
        {
            File.WriteAllText(json, inspection.ToJson());
            Console.WriteLine($"wrote {Path.GetFullPath(json)}");
        }
        return 0;
    });
}
