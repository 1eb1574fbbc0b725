namespace GraphNav.Models;

/// <summary>
/// The model contract (docs/DESIGN.md): anything the suite evaluates — the C# engine, an ONNX file —
/// gives next-token logits for a batch of token sequences. Optional capabilities (attention maps,
/// embeddings) are separate interfaces; a phenomenon that needs one the model lacks is Inconclusive.
/// </summary>
public interface ITokenModel
{
    /// <summary>Number of logits per position (V). May exceed the task's largest id + 1.</summary>
    int VocabSize { get; }

    /// <summary>Longest sequence the model accepts (T max); null when the model has no fixed limit.</summary>
    int? ContextLength { get; }

    /// <summary>
    /// Logits for every position. ids is [B, T] row-major; logits is [B, T, V].
    /// Throws ArgumentException for ids outside [0, V) or T above the context length.
    /// </summary>
    void Logits(ReadOnlySpan<int> ids, int batch, int sequence, Span<float> logits);
}
