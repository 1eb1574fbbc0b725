using GraphNav.Export.Ort;
using GraphNav.Models;

namespace GraphNav.Export.Gpt;

/// <summary>
/// An exported GPT with every optional capability of the model contract: logits (through
/// <see cref="OnnxModel"/>), attention maps from the <c>attentions.{layer}</c> outputs, and W_E, W_V,
/// W_O read from the initializers that <c>graphnav.embeddings</c> names (transposed back to the
/// torch.nn.Linear layout [out, in] that <see cref="IEmbeddingModel"/> promises). Open files written
/// with <see cref="GptExportOptions.IncludeAttentions"/>; <see cref="Supports"/> says whether a file qualifies.
/// </summary>
public sealed class OnnxGptModel : IAttentionModel, IEmbeddingModel, IDisposable
{
    private readonly OnnxModel _model;
    private readonly bool _ownsModel;
    private readonly string[] _attentionOutputs; // [L]
    private readonly float[] _tokenEmbedding;    // [V_in, C]
    private readonly float[][] _value, _valueBias, _output, _outputBias; // per layer, [C, C] [out, in] / [C]

    /// <summary>Opens an export that has attention outputs and embedding metadata.</summary>
    /// <exception cref="InvalidDataException">The file lacks them (the message says which) or is not a valid model.</exception>
    public OnnxGptModel(string path, OrtSessionSettings? settings = null)
        : this(new OnnxModel(path, settings), ownsModel: true)
    {
    }

    /// <summary>Reads attention and embeddings of an already open <paramref name="model"/> (disposed only when owned).</summary>
    /// <exception cref="InvalidDataException">As for the path constructor.</exception>
    internal OnnxGptModel(OnnxModel model, bool ownsModel)
    {
        _model = model;
        _ownsModel = ownsModel;
        try
        {
            if (!Supports(_model, out var reason)) throw new InvalidDataException($"{_model.Path}: {reason}");
            var names = GptEmbeddingNames.Parse(_model.Embeddings!);
            AttentionLayers = names.ValueProjection.Count;
            _attentionOutputs = Enumerable.Range(0, AttentionLayers).Select(GptOnnxNames.Attentions).ToArray();
            AttentionHeads = checked((int)_model.Outputs.First(o => o.Name == _attentionOutputs[0]).Shape[1]);
            var file = _model.File;
            var wte = file.Initializers.First(i => i.Name == names.TokenEmbedding);
            EmbeddingChannels = checked((int)wte.Dims[1]);
            _tokenEmbedding = file.ReadFloats(names.TokenEmbedding);
            int c = EmbeddingChannels;
            _value = names.ValueProjection.Select(n => TransposeSquare(file.ReadFloats(n), c)).ToArray();
            _valueBias = names.ValueBias.Select(file.ReadFloats).ToArray();
            _output = names.OutputProjection.Select(n => TransposeSquare(file.ReadFloats(n), c)).ToArray();
            _outputBias = names.OutputBias.Select(file.ReadFloats).ToArray();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            if (ownsModel) _model.Dispose();
            throw new InvalidDataException($"{_model.Path}: graphnav.embeddings does not name usable tensors: {e.Message}", e);
        }
        catch
        {
            if (ownsModel) _model.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="model"/> has <c>attentions.{l}</c> outputs for the layers that
    /// <c>graphnav.embeddings</c> lists (as <see cref="GptOnnxExporter"/> writes with IncludeAttentions).</summary>
    public static bool Supports(OnnxModel model, out string reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Embeddings is null)
        {
            reason = "no graphnav.embeddings metadata (not exported by GptOnnxExporter).";
            return false;
        }
        GptEmbeddingNames names;
        try
        {
            names = GptEmbeddingNames.Parse(model.Embeddings);
        }
        catch (FormatException e)
        {
            reason = e.Message;
            return false;
        }
        var outputs = model.Outputs.ToDictionary(o => o.Name, StringComparer.Ordinal);
        for (int l = 0; l < names.ValueProjection.Count; l++)
        {
            if (!outputs.TryGetValue(GptOnnxNames.Attentions(l), out var output) || output.Shape.Count != 4 || output.Shape[1] <= 0)
            {
                reason = $"no output {GptOnnxNames.Attentions(l)} [batch, heads, sequence, sequence] (export with GptExportOptions.IncludeAttentions).";
                return false;
            }
        }
        reason = "";
        return true;
    }

    /// <summary>The underlying contract model (logits, metadata, session).</summary>
    public OnnxModel Model => _model;

    /// <inheritdoc />
    public int VocabSize => _model.VocabSize;

    /// <inheritdoc />
    public int? ContextLength => _model.ContextLength;

    /// <inheritdoc />
    public int AttentionLayers { get; }

    /// <inheritdoc />
    public int AttentionHeads { get; }

    /// <inheritdoc />
    public int EmbeddingChannels { get; }

    /// <inheritdoc />
    public void Logits(ReadOnlySpan<int> ids, int batch, int sequence, Span<float> logits) => _model.Logits(ids, batch, sequence, logits);

    /// <inheritdoc />
    public void AttentionMaps(ReadOnlySpan<int> ids, int batch, int sequence, int layer, Span<float> maps)
    {
        if ((uint)layer >= (uint)AttentionLayers)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {AttentionLayers}).");
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        long size = (long)batch * AttentionHeads * sequence * sequence;
        if (maps.Length != size)
            throw new ArgumentException($"maps must hold B·NH·T·T = {size} floats, got {maps.Length}.", nameof(maps));
        if (ids.Length != batch * sequence)
            throw new ArgumentException($"ids must hold B·T = {batch * sequence} token ids, got {ids.Length}.", nameof(ids));
        if (ContextLength is int context && sequence > context)
            throw new ArgumentException($"Sequence length {sequence} exceeds the context length {context} of {_model.Path}.", nameof(sequence));
        _model.RunOutput(ids, batch, sequence, _attentionOutputs[layer], maps);
    }

    /// <inheritdoc />
    public void CopyTokenEmbedding(Span<float> destination) => _tokenEmbedding.CopyTo(destination);

    /// <inheritdoc />
    public void CopyValueProjection(int layer, Span<float> weight, Span<float> bias)
    {
        CheckLayer(layer);
        _value[layer].CopyTo(weight);
        _valueBias[layer].CopyTo(bias);
    }

    /// <inheritdoc />
    public void CopyOutputProjection(int layer, Span<float> weight, Span<float> bias)
    {
        CheckLayer(layer);
        _output[layer].CopyTo(weight);
        _outputBias[layer].CopyTo(bias);
    }

    /// <summary>Releases the session when this object opened it.</summary>
    public void Dispose()
    {
        if (_ownsModel) _model.Dispose();
    }

    private void CheckLayer(int layer)
    {
        if ((uint)layer >= (uint)AttentionLayers)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {AttentionLayers}).");
    }

    /// <summary>[in, out] as stored → [out, in] (torch.nn.Linear), for a square C×C matrix.</summary>
    private static float[] TransposeSquare(float[] w, int c)
    {
        if (w.Length != c * c) throw new FormatException($"a projection has {w.Length} floats, expected C·C = {c * c}.");
        var t = new float[w.Length];
        for (int i = 0; i < c; i++)
            for (int j = 0; j < c; j++)
                t[j * c + i] = w[i * c + j];
        return t;
    }
}
