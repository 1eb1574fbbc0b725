using GraphNav.Export.Gpt;
using GraphNav.Export.Onnx;
using GraphNav.Export.Ort;
using GraphNav.Models.Checkpoints;

namespace GraphNav.Export;

/// <summary>
/// The one place that decides how a model file is opened: <c>.onnx</c> through ONNX Runtime (one
/// session, shared by every capability), <c>.safetensors</c> as an engine checkpoint. The CLI, the
/// suite's external-model runs and <c>graphnav inspect</c> all come here.
/// </summary>
public static class ModelFileOpener
{
    /// <summary>metadata key of the task a model was trained on (ONNX metadata_props and checkpoint metadata alike).</summary>
    public const string TaskMetadataKey = OnnxModel.TaskMetadataKey;

    /// <summary>
    /// Opens <paramref name="path"/>. ONNX sessions use <paramref name="settings"/> (threads, device,
    /// optimisation level, provider options); a checkpoint runs on the engine with
    /// <see cref="OrtSessionSettings.IntraOpThreads"/> threads.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ArgumentException">Neither .onnx nor .safetensors.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or unsafe (the message names it).</exception>
    /// <exception cref="OrtException">ORT refused the file, or the CUDA device cannot load.</exception>
    public static OpenedModelFile Open(string path, OrtSessionSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        settings ??= new OrtSessionSettings();
        if (!File.Exists(path) && !Directory.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        return System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".onnx" => OpenOnnx(path, settings),
            ".safetensors" => OpenCheckpoint(path, settings.IntraOpThreads),
            _ => throw new ArgumentException($"Model file '{path}' is neither .onnx nor .safetensors (an engine checkpoint)."),
        };
    }

    private static OpenedModelFile OpenCheckpoint(string path, int threads)
    {
        var (model, _) = GptCheckpoint.Load(path);
        model.Threads = threads;
        var taskJson = GptCheckpoint.ReadMetadata(path).GetValueOrDefault(TaskMetadataKey);
        return new OpenedModelFile(path, ModelFileKind.Checkpoint, model, taskJson, "engine", owner: null)
        {
            Engine = model,
            Attention = model,
            Embeddings = model,
        };
    }

    private static OpenedModelFile OpenOnnx(string path, OrtSessionSettings settings)
    {
        var onnx = new OnnxModel(path, settings);
        try
        {
            var (kv, kvReason) = KvCacheOf(onnx);
            var (attention, embeddings, attentionReason, embeddingsReason) = InspectionOf(onnx);
            return new OpenedModelFile(path, ModelFileKind.Onnx, onnx, onnx.TaskJson, onnx.ExecutionProvider, onnx)
            {
                Onnx = onnx,
                KvCache = kv,
                KvCacheUnavailable = kvReason,
                Attention = attention,
                AttentionUnavailable = attentionReason,
                Embeddings = embeddings,
                EmbeddingsUnavailable = embeddingsReason,
            };
        }
        catch
        {
            onnx.Dispose();
            throw;
        }
    }

    /// <summary>A KV-cache export decodes incrementally; anything else recomputes the forward per token.</summary>
    private static (OnnxKvGenerator?, string) KvCacheOf(OnnxModel onnx)
    {
        if (onnx.PastInputCount == 0)
            return (null, "no past_key_values.{i}.key/value inputs (not a KV-cache export)");
        try
        {
            return (new OnnxKvGenerator(onnx), "");
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Attention maps from attentions.{l} outputs; embeddings when graphnav.embeddings names them too.</summary>
    private static (Models.IAttentionModel?, Models.IEmbeddingModel?, string, string) InspectionOf(OnnxModel onnx)
    {
        if (OnnxGptModel.Supports(onnx, out var embeddingsReason))
        {
            try
            {
                var gpt = new OnnxGptModel(onnx, ownsModel: false);
                return (gpt, gpt, "", "");
            }
            catch (InvalidDataException e)
            {
                embeddingsReason = e.Message;
            }
        }
        try
        {
            return (new OnnxAttentionModel(onnx, ownsModel: false), null, "", embeddingsReason);
        }
        catch (NotSupportedException e)
        {
            return (null, null, e.Message, embeddingsReason);
        }
    }
}
