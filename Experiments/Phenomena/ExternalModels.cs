using GraphNav.Experiments.Caching;
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
        var opened = ModelFiles.Open(path, context.SessionSettings);
        return (opened, FileDigest.Sha256(path)[..32]);
    }

    /// <summary>The task text the model was trained on: the Task run parameter's file, else the model's metadata.</summary>
    public static (string Json, string Source) TaskJson(PhenomenonContext context, OpenedModel model)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TaskJson(context.ExternalTask, model);
    }

    /// <summary>The task text the model was trained on: <paramref name="taskPath"/> (a task.json or task directory) when given, else the model's metadata.</summary>
    /// <exception cref="FileNotFoundException"><paramref name="taskPath"/> does not exist.</exception>
    /// <exception cref="ArgumentException">No task path and no <c>graphnav.task</c> metadata.</exception>
    public static (string Json, string Source) TaskJson(string? taskPath, OpenedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (taskPath is not null)
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
    /// The attention maps and embedding weights of an opened external model (mechanistic
    /// phenomena): an ONNX file exported with attentions and <c>graphnav.embeddings</c>, or an engine
    /// checkpoint. They share the opened model's session; disposing <paramref name="opened"/> releases them.
    /// </summary>
    /// <exception cref="NotSupportedException">The file lacks those capabilities; the message says why.</exception>
    public static (IAttentionModel Attention, IEmbeddingModel Embeddings) Inspectable(OpenedModel opened)
    {
        ArgumentNullException.ThrowIfNull(opened);
        var file = opened.File ?? throw new InvalidOperationException($"{opened.Description} was not opened from a file.");
        if (file.Attention is { } attention && file.Embeddings is { } embeddings)
            return (attention, embeddings);
        throw new NotSupportedException(NotInspectable(file.Path, file.AttentionUnavailable, file.EmbeddingsUnavailable));
    }

    /// <summary>Why a file's attention maps and embeddings cannot both be read (the mechanistic phenomena need both).</summary>
    /// <param name="path">The file.</param>
    /// <param name="attentionUnavailable">Why attention maps cannot be read ("" when they can).</param>
    /// <param name="embeddingsUnavailable">Why embeddings cannot be read ("" when they can).</param>
    public static string NotInspectable(string path, string attentionUnavailable, string embeddingsUnavailable) =>
        $"{path} has no readable attention maps and embeddings ({(embeddingsUnavailable.Length > 0 ? embeddingsUnavailable : attentionUnavailable)}); export it with attentions and graphnav.embeddings metadata.";

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
    /// needed). Dispose the result: it owns the opened file.
    /// </summary>
    /// <exception cref="NotSupportedException">An ONNX file without attention outputs; the message says how to export them.</exception>
    public static IAttentionModel Attention(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.ExternalModel ?? throw new InvalidOperationException("The run names no external model.");
        var file = Export.ModelFileOpener.Open(path, context.SessionSettings);
        if (file.Attention is null)
        {
            var reason = file.AttentionUnavailable;
            file.Dispose();
            throw new NotSupportedException(reason);
        }
        return new FileAttention(file, file.Attention);
    }

    /// <summary>An opened file's attention capability that releases the file when disposed.</summary>
    private sealed class FileAttention(Export.OpenedModelFile file, IAttentionModel attention) : IAttentionModel, IDisposable
    {
        public int VocabSize => attention.VocabSize;
        public int? ContextLength => attention.ContextLength;
        public int AttentionLayers => attention.AttentionLayers;
        public int AttentionHeads => attention.AttentionHeads;
        public void Logits(ReadOnlySpan<int> ids, int batch, int sequence, Span<float> logits) => attention.Logits(ids, batch, sequence, logits);
        public void AttentionMaps(ReadOnlySpan<int> ids, int batch, int sequence, int layer, Span<float> maps) => attention.AttentionMaps(ids, batch, sequence, layer, maps);
        public void Dispose() => file.Dispose();
    }
}
