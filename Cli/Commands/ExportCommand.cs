using System.CommandLine;
using GraphNav.Experiments;
using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Graph;
using GraphNav.Export.Gpt;
using GraphNav.Tasks.Files;

namespace GraphNav.Cli.Commands;

/// <summary><c>graphnav export</c>: an engine checkpoint as a standard ONNX file (opset 17) that ONNX Runtime runs.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Engine checkpoint (.safetensors) written by `graphnav train`." };
        var reference = new Option<bool>("--reference") { Description = "Export the built-in reference model instead of a checkpoint (trained and cached on first use, as by `graphnav evaluate`)." };
        var output = new Option<string>("--out") { Description = "ONNX file to write.", DefaultValueFactory = _ => "model.onnx" };
        var task = new Option<string?>("--task") { Description = "Task to record in the model's graphnav.task metadata (default: the checkpoint's own)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the preset when --task names one.", DefaultValueFactory = _ => 0 };
        var kvCache = new Option<bool>("--kv-cache") { Description = "Add past_key_values.{i}.key/value inputs and present.{i}.* outputs for incremental decoding." };
        var attentions = new Option<bool>("--attentions") { Description = "Add attentions.{layer} outputs (needed by mechanistic phenomena such as A5)." };
        var command = new Command("export", "Export an engine checkpoint to ONNX (input_ids → logits, opset 17), with the task in its metadata.")
        {
            checkpoint, reference, output, task, seed, kvCache, attentions,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var path = parse.GetValue(checkpoint);
            bool useReference = parse.GetValue(reference);
            if (useReference == (path is not null)) throw new ArgumentException("export needs either --checkpoint FILE or --reference (one of them).");
            var (model, taskJson) = useReference ? ReferenceCheckpoint() : ModelFiles.LoadCheckpoint(path!);
            path ??= "the reference model";
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

    /// <summary>The reference model of <c>graphnav evaluate</c> (from the model cache, trained there on first use) and its task.</summary>
    private static (Models.Gpt.GptModel Model, string TaskJson) ReferenceCheckpoint()
    {
        var plan = ReferenceModel.Plan(Math.Min(2, Environment.ProcessorCount));
        var cache = ModelCache.Default;
        if (!File.Exists(cache.PathOf(plan.CacheKey())))
            Console.Error.WriteLine($"training the reference model once ({ReferenceModel.Steps} steps; cached in {cache.Directory})");
        var model = plan.GetOrTrain(cache, new TrainingProgressPrinter(ReferenceModel.Steps, Console.Error));
        return (model, TaskFile.ToJson(plan.Task));
    }
}
