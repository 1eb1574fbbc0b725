using GraphNav.Export.Ort;
using GraphNav.Models;

namespace GraphNav.Export.Gpt;

/// <summary>
/// Attention maps of an ONNX model read from its <c>attentions.{layer}</c> outputs
/// [batch, heads, sequence, sequence] (as <c>graphnav export --attentions</c> writes them, or any
/// exporter that names them so). Unlike <see cref="OnnxGptModel"/> it needs no
/// <c>graphnav.embeddings</c> metadata: enough for measures on attention alone (B4's association heads).
/// </summary>
public sealed class OnnxAttentionModel : IAttentionModel, IDisposable
{
    private readonly OnnxModel _model;
    private readonly bool _ownsModel;
    private readonly string[] _outputs; // [L]

    /// <summary>Opens <paramref name="path"/> and finds its attention outputs.</summary>
    /// <exception cref="NotSupportedException">The file has no <c>attentions.0</c> output, or one with a
    /// shape other than [batch, heads, sequence, sequence] with a fixed number of heads.</exception>
    public OnnxAttentionModel(string path, OrtSessionSettings? settings = null)
        : this(new OnnxModel(path, settings), ownsModel: true)
    {
    }

    /// <summary>Reads attention from an already open <paramref name="model"/> (disposed by this object only when it owns it).</summary>
    /// <exception cref="NotSupportedException">As for the path constructor.</exception>
    internal OnnxAttentionModel(OnnxModel model, bool ownsModel)
    {
        _model = model;
        _ownsModel = ownsModel;
        try
        {
            var outputs = _model.Outputs.ToDictionary(o => o.Name, StringComparer.Ordinal);
            var names = new List<string>();
            int heads = 0;
            for (int l = 0; outputs.TryGetValue(GptOnnxNames.Attentions(l), out var output); l++)
            {
                if (output.Shape.Count != 4 || output.Shape[1] <= 0 || (heads > 0 && output.Shape[1] != heads))
                    throw new NotSupportedException($"{_model.Path}: output {output} is not [batch, heads, sequence, sequence] with the same fixed number of heads in every layer.");
                heads = checked((int)output.Shape[1]);
                names.Add(output.Name);
            }
            if (names.Count == 0)
                throw new NotSupportedException($"{_model.Path} has no output {GptOnnxNames.Attentions(0)} [batch, heads, sequence, sequence]: export it with attentions (graphnav export --attentions).");
            _outputs = [.. names];
            AttentionHeads = heads;
        }
        catch
        {
            if (ownsModel) _model.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public int VocabSize => _model.VocabSize;

    /// <inheritdoc />
    public int? ContextLength => _model.ContextLength;

    /// <inheritdoc />
    public int AttentionLayers => _outputs.Length;

    /// <inheritdoc />
    public int AttentionHeads { get; }

    /// <inheritdoc />
    public void Logits(ReadOnlySpan<int> ids, int batch, int sequence, Span<float> logits) => _model.Logits(ids, batch, sequence, logits);

    /// <inheritdoc />
    public void AttentionMaps(ReadOnlySpan<int> ids, int batch, int sequence, int layer, Span<float> maps)
    {
        if ((uint)layer >= (uint)AttentionLayers)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {AttentionLayers}).");
        long size = (long)batch * AttentionHeads * sequence * sequence;
        if (maps.Length != size)
            throw new ArgumentException($"maps must hold B·NH·T·T = {size} floats, got {maps.Length}.", nameof(maps));
        var shape = _model.RunOutput(ids, batch, sequence, _outputs[layer], maps);
        if (shape.Length != 4 || shape[0] != batch || shape[1] != AttentionHeads || shape[2] != sequence || shape[3] != sequence)
            throw new InvalidDataException($"{_model.Path}: output {_outputs[layer]} has shape [{string.Join(", ", shape)}], expected [{batch}, {AttentionHeads}, {sequence}, {sequence}].");
    }

    /// <summary>Releases the session when this object opened it.</summary>
    public void Dispose()
    {
        if (_ownsModel) _model.Dispose();
    }
}
