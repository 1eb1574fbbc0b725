using GraphNav.Export.Gpt;
using GraphNav.Models;
using GraphNav.Models.Gpt;

namespace GraphNav.Export;

/// <summary>Which kind of file a model came from.</summary>
public enum ModelFileKind
{
    /// <summary>An ONNX file run by ONNX Runtime.</summary>
    Onnx,
    /// <summary>An engine checkpoint (.safetensors) run by the C# engine.</summary>
    Checkpoint,
}

/// <summary>
/// One model file opened once, with the capabilities it has. <see cref="Logits"/> always exists;
/// attention maps, embedding weights and incremental (KV-cache) decoding are present when the file
/// supports them, and otherwise the matching <c>…Unavailable</c> property says why. ONNX sessions
/// stay private; disposing this releases them.
/// </summary>
public sealed class OpenedModelFile : IDisposable
{
    private readonly IDisposable? _owner;

    internal OpenedModelFile(string path, ModelFileKind kind, ITokenModel logits, string? taskJson, string executionProvider, IDisposable? owner)
    {
        Path = path;
        Kind = kind;
        Logits = logits;
        TaskJson = taskJson;
        ExecutionProvider = executionProvider;
        _owner = owner;
    }

    /// <summary>The file as given.</summary>
    public string Path { get; }

    /// <summary>ONNX file or engine checkpoint.</summary>
    public ModelFileKind Kind { get; }

    /// <summary>"ONNX model PATH (KV cache)", "engine checkpoint PATH": one line for reports.</summary>
    public string Description => Kind == ModelFileKind.Checkpoint
        ? $"engine checkpoint {Path}"
        : KvCache is not null ? $"ONNX model {Path} (KV cache)" : $"ONNX model {Path}";

    /// <summary>Logits for whole sequences (every model has them).</summary>
    public ITokenModel Logits { get; }

    /// <summary>The <c>graphnav.task</c> metadata, or null when the file has none.</summary>
    public string? TaskJson { get; }

    /// <summary>Where it runs: "cpu" or "cuda:N" (ONNX Runtime's provider), or "engine" (the C# engine).</summary>
    public string ExecutionProvider { get; }

    /// <summary>The ONNX model (inputs, outputs, metadata), or null for a checkpoint.</summary>
    public OnnxModel? Onnx { get; init; }

    /// <summary>The engine model, or null for an ONNX file.</summary>
    public GptModel? Engine { get; init; }

    /// <summary>Incremental decoding through the KV cache, or null (see <see cref="KvCacheUnavailable"/>).</summary>
    public OnnxKvGenerator? KvCache { get; init; }

    /// <summary>Why <see cref="KvCache"/> is null ("" when it is not, or for a checkpoint, whose engine caches itself).</summary>
    public string KvCacheUnavailable { get; init; } = "";

    /// <summary>Attention maps, or null (see <see cref="AttentionUnavailable"/>).</summary>
    public IAttentionModel? Attention { get; init; }

    /// <summary>Why <see cref="Attention"/> is null ("" when it is not).</summary>
    public string AttentionUnavailable { get; init; } = "";

    /// <summary>Token embedding and value/output projections, or null (see <see cref="EmbeddingsUnavailable"/>).</summary>
    public IEmbeddingModel? Embeddings { get; init; }

    /// <summary>Why <see cref="Embeddings"/> is null ("" when it is not).</summary>
    public string EmbeddingsUnavailable { get; init; } = "";

    /// <summary>Releases the ONNX session (the capability objects share it).</summary>
    public void Dispose() => _owner?.Dispose();
}
