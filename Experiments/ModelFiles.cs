using GraphNav.Experiments.Graph;
using GraphNav.Export;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using GraphNav.Tasks;
using GraphNav.Tasks.Files;

namespace GraphNav.Experiments;

/// <summary>A model opened for evaluation, with what its file says about the task it was trained on.</summary>
/// <param name="Source">Continues prompts.</param>
/// <param name="Description">One line naming the file and its kind.</param>
/// <param name="TaskJson">The <c>graphnav.task</c> metadata, when the file has it.</param>
/// <param name="Owner">Native resources to release when done (ONNX sessions); may be null.</param>
/// <param name="Logits">The model's logits for whole sequences (encoders are evaluated through this).</param>
public sealed record OpenedModel(ICompletionSource Source, string Description, string? TaskJson, IDisposable? Owner, Models.ITokenModel Logits) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Owner?.Dispose();
}

/// <summary>Opens the model files the CLI and the suite accept: ONNX files and engine checkpoints.</summary>
public static class ModelFiles
{
    /// <summary>Writes a trained engine model, with its task in the metadata, as a safetensors checkpoint.</summary>
    public static void SaveCheckpoint(string path, Trainer trainer, GraphTask task)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(task);
        trainer.SaveCheckpoint(path, new Dictionary<string, string> { [TaskMetadataKey] = TaskFile.ToJson(task) });
    }

    /// <summary>Metadata key holding the task a model was trained on (as in ONNX files, docs/DESIGN.md).</summary>
    public const string TaskMetadataKey = "graphnav.task";

    /// <summary>An engine checkpoint and the task JSON it records (null when it has none).</summary>
    public static (GptModel Model, string? TaskJson) LoadCheckpoint(string path)
    {
        var (model, _) = GptCheckpoint.Load(path);
        return (model, GptCheckpoint.ReadMetadata(path).GetValueOrDefault(TaskMetadataKey));
    }

    /// <summary>
    /// Opens <paramref name="path"/>: <c>.onnx</c> through ONNX Runtime, <c>.safetensors</c> as an
    /// engine checkpoint. Anything else is refused with a message saying what is accepted.
    /// </summary>
    public static OpenedModel Open(string path, int threads)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".onnx":
                var onnx = new OnnxModel(path, new Export.Ort.OrtSessionSettings { IntraOpThreads = threads });
                if (onnx.PastInputCount > 0 && !onnx.HasAttentionMask && !onnx.HasPositionIds && onnx.LogitsType == Export.Onnx.OnnxElementType.Float)
                {
                    // A KV-cache export decodes incrementally; anything else recomputes the forward per token.
                    var generator = new Export.Gpt.OnnxKvGenerator(onnx);
                    return new OpenedModel(new OnnxKvCompletionSource(generator), $"ONNX model {path} (KV cache)", onnx.TaskJson, onnx, onnx);
                }
                return new OpenedModel(new TokenModelCompletionSource(onnx), $"ONNX model {path}", onnx.TaskJson, onnx, onnx);
            case ".safetensors":
                var (model, taskJson) = LoadCheckpoint(path);
                model.Threads = threads;
                return new OpenedModel(new EngineCompletionSource(model), $"engine checkpoint {path}", taskJson, null, model);
            default:
                throw new ArgumentException($"Model file '{path}' is neither .onnx nor .safetensors (an engine checkpoint).");
        }
    }
}
