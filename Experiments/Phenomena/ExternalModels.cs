using System.Security.Cryptography;
using GraphNav.Experiments.Graph;
using GraphNav.Models;

namespace GraphNav.Experiments.Phenomena;

/// <summary>Opens the external model a run names (PhenomenonContext.ExternalModel) for the phenomena that measure one.</summary>
public static class ExternalModels
{
    /// <summary>The opened model and the first 32 hex digits of its file's SHA-256 (for the result record).</summary>
    public static (OpenedModel Model, string Hash) Open(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.ExternalModel ?? throw new InvalidOperationException("The run names no external model.");
        var opened = ModelFiles.Open(path, context.Threads);
        using var stream = File.OpenRead(path);
        return (opened, Convert.ToHexStringLower(SHA256.HashData(stream))[..32]);
    }

    /// <summary>The task text the model was trained on: the Task run parameter's file, else the model's metadata.</summary>
    public static (string Json, string Source) TaskJson(PhenomenonContext context, OpenedModel model)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        if (context.ExternalTask is { } taskPath)
        {
            var file = Directory.Exists(taskPath) ? Path.Combine(taskPath, Tasks.Files.TaskFile.TaskJson) : taskPath;
            if (!File.Exists(file)) throw new FileNotFoundException($"Task file '{taskPath}' does not exist.", taskPath);
            return (File.ReadAllText(file), file);
        }
        return model.TaskJson is { } json
            ? (json, model.Description)
            : throw new ArgumentException($"{model.Description} has no graphnav.task metadata: pass the Task run parameter (a task.json or task directory).");
    }

    /// <summary>
    /// The external model with its attention maps and embedding weights readable (mechanistic
    /// phenomena): an ONNX file exported with attentions and <c>graphnav.embeddings</c>, or an engine
    /// checkpoint. A file without those capabilities is refused with NotSupportedException saying why.
    /// </summary>
    public static (IAttentionModel Attention, IEmbeddingModel Embeddings) Inspectable(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.ExternalModel ?? throw new InvalidOperationException("The run names no external model.");
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            var (model, _) = Models.Checkpoints.GptCheckpoint.Load(path);
            model.Threads = context.Threads;
            return (model, model);
        }
        using (var onnx = new Export.OnnxModel(path, new Export.Ort.OrtSessionSettings { IntraOpThreads = context.Threads }))
        {
            if (!Export.Gpt.OnnxGptModel.Supports(onnx, out var reason))
                throw new NotSupportedException($"{path} has no readable attention maps and embeddings ({reason}); export it with attentions and graphnav.embeddings metadata.");
        }
        var gpt = new Export.Gpt.OnnxGptModel(path, new Export.Ort.OrtSessionSettings { IntraOpThreads = context.Threads });
        return (gpt, gpt);
    }

    /// <summary>Refuses a model whose vocabulary cannot hold the task's ids.</summary>
    public static void CheckVocabulary(OpenedModel model, int taskVocabulary)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Source.VocabSize < taskVocabulary)
            throw new ArgumentException($"{model.Description} has a vocabulary of {model.Source.VocabSize}, smaller than the task's {taskVocabulary}.");
    }

    /// <summary>
    /// The external model's attention maps (measures on attention alone, e.g. B4): an engine
    /// checkpoint, or an ONNX file with <c>attentions.{layer}</c> outputs (no embedding metadata
    /// needed). Dispose the result when it is IDisposable.
    /// </summary>
    /// <exception cref="NotSupportedException">An ONNX file without attention outputs; the message says how to export them.</exception>
    public static IAttentionModel Attention(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.ExternalModel ?? throw new InvalidOperationException("The run names no external model.");
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            var (model, _) = Models.Checkpoints.GptCheckpoint.Load(path);
            model.Threads = context.Threads;
            return model;
        }
        return new OnnxAttentionModel(path, new Export.Ort.OrtSessionSettings { IntraOpThreads = context.Threads });
    }
}
