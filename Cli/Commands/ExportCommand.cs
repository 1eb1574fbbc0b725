using System.CommandLine;
using GraphNav.Experiments;
using GraphNav.Export.Gpt;
using GraphNav.Tasks.Files;

namespace GraphNav.Cli.Commands;

/// <summary><c>graphnav export</c>: an engine checkpoint as a standard ONNX file (opset 17) that ONNX Runtime runs.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Engine checkpoint (.safetensors) written by `graphnav train`.", Required = true };
        var output = new Option<string>("--out") { Description = "ONNX file to write.", DefaultValueFactory = _ => "model.onnx" };
        var task = new Option<string?>("--task") { Description = "Task to record in the model's graphnav.task metadata (default: the checkpoint's own)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the preset when --task names one.", DefaultValueFactory = _ => 0 };
        var kvCache = new Option<bool>("--kv-cache") { Description = "Add past_key_values.{i}.key/value inputs and present.{i}.* outputs for incremental decoding." };
        var attentions = new Option<bool>("--attentions") { Description = "Add attentions.{layer} outputs (needed by mechanistic phenomena such as A5)." };
        var command = new Command("export", "Export an engine checkpoint to ONNX (input_ids → logits, opset 17), with the task in its metadata.")
        {
            checkpoint, output, task, seed, kvCache, attentions,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var path = parse.GetValue(checkpoint)!;
            var (model, taskJson) = ModelFiles.LoadCheckpoint(path);
            var taskValue = parse.GetValue(task);
            if (taskValue is not null) taskJson = TaskFile.ToJson(TaskResolver.Resolve(taskValue, parse.GetValue(seed)));
            if (taskJson is null)
                Console.Error.WriteLine($"warning: {path} names no task and --task was not given; the ONNX file will have no graphnav.task metadata.");
            var options = new GptExportOptions { KvCache = parse.GetValue(kvCache), IncludeAttentions = parse.GetValue(attentions), TaskJson = taskJson };
            var destination = parse.GetValue(output)!;
            GptOnnxExporter.Export(model, destination, options);
            Console.WriteLine($"wrote {Path.GetFullPath(destination)} ({new FileInfo(destination).Length / 1024.0:F0} KiB, opset 17{(options.KvCache ? ", KV cache" : "")}{(options.IncludeAttentions ? ", attentions" : "")})");
            return 0;
        }));
        return command;
    }
}
