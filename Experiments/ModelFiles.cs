using GraphNav.Experiments.Graph;
using GraphNav.Export;
using GraphNav.Export.Ort;
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
    /// <summary>The opened file with its optional capabilities (attention, embeddings), or null for a model trained in this process.</summary>
    public OpenedModelFile? File { get; init; }

    /// <summary>Where it runs: "cpu" or "cuda:N" (ONNX Runtime), or "engine" (the C# engine).</summary>
    public string ExecutionProvider => File?.ExecutionProvider ?? "engine";

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

    /// <summary>Opens <paramref name="path"/> on the CPU with <paramref name="threads"/> threads; see <see cref="Open(string, OrtSessionSettings)"/>.</summary>
    public static OpenedModel Open(string path, int threads) => Open(path, new OrtSessionSettings { IntraOpThreads = threads });

    /// <summary>
    /// Opens <paramref name="path"/> through <see cref="ModelFileOpener"/> (the one place that tells
    /// <c>.onnx</c> from <c>.safetensors</c>) and picks how it continues prompts: a KV-cache export
    /// decodes incrementally, any other ONNX file recomputes the forward per token, a checkpoint
    /// runs on the engine.
    /// </summary>
    public static OpenedModel Open(string path, OrtSessionSettings settings)
    {
        var file = ModelFileOpener.Open(path, settings);
        try
        {
            ICompletionSource source = file.Engine is { } engine ? new EngineCompletionSource(engine)
                : file.KvCache is { } generator ? new OnnxKvCompletionSource(generator)
                : new TokenModelCompletionSource(file.Logits);
            return new OpenedModel(source, file.Description, file.TaskJson, file, file.Logits) { File = file };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
