using System.Text.Json;
using System.Text.Json.Serialization;

namespace GraphNav.Export.Gpt;

/// <summary>
/// The <c>graphnav.embeddings</c> metadata of an exported GPT: which initializers hold the token
/// embedding and, per layer, the attention's value and output projections (docs/PHENOMENA.md A5 reads
/// W_E, W_V and W_O from them). Read the tensors with <c>OnnxFile.ReadFloats(name)</c>.
/// Layouts: the embeddings are [rows, C] (row = token or position); every projection is stored
/// [in, out] so that y = x·W + b, i.e. the transpose of the engine's [out, in] (<see cref="WeightLayout"/>).
/// With several heads, head h owns the output columns h·HS…(h+1)·HS of the value projection and the
/// input rows h·HS…(h+1)·HS of the output projection.
/// </summary>
public sealed record GptEmbeddingNames
{
    /// <summary>The value of <see cref="WeightLayout"/> for our exports.</summary>
    public const string InOutLayout = "in_out";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Token embedding W_E [V, C] ("wte").</summary>
    [JsonPropertyName("token_embedding")]
    public required string TokenEmbedding { get; init; }

    /// <summary>Position embedding [maxT, C] ("wpe").</summary>
    [JsonPropertyName("position_embedding")]
    public required string PositionEmbedding { get; init; }

    /// <summary>Per layer: the value projection W_V [C, C] stored [in, out] ("qkvw.{l}.v").</summary>
    [JsonPropertyName("value_projection")]
    public required IReadOnlyList<string> ValueProjection { get; init; }

    /// <summary>Per layer: the value bias [C] ("qkvb.{l}.v").</summary>
    [JsonPropertyName("value_bias")]
    public required IReadOnlyList<string> ValueBias { get; init; }

    /// <summary>Per layer: the attention output projection W_O [C, C] stored [in, out] ("attprojw.{l}").</summary>
    [JsonPropertyName("output_projection")]
    public required IReadOnlyList<string> OutputProjection { get; init; }

    /// <summary>Per layer: the attention output bias [C] ("attprojb.{l}").</summary>
    [JsonPropertyName("output_bias")]
    public required IReadOnlyList<string> OutputBias { get; init; }

    /// <summary>Attention heads per layer (NH).</summary>
    [JsonPropertyName("heads")]
    public required int Heads { get; init; }

    /// <summary>"in_out": projections are [in, out] (y = x·W + b).</summary>
    [JsonPropertyName("weight_layout")]
    public string WeightLayout { get; init; } = InOutLayout;

    /// <summary>The names our exporter uses for a model with <paramref name="layers"/> layers.</summary>
    public static GptEmbeddingNames ForLayers(int layers, int heads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        return new GptEmbeddingNames
        {
            TokenEmbedding = GptWeightNames.TokenEmbedding,
            PositionEmbedding = GptWeightNames.PositionEmbedding,
            ValueProjection = Enumerable.Range(0, layers).Select(l => GptWeightNames.QkvWeight(l, 'v')).ToArray(),
            ValueBias = Enumerable.Range(0, layers).Select(l => GptWeightNames.QkvBias(l, 'v')).ToArray(),
            OutputProjection = Enumerable.Range(0, layers).Select(GptWeightNames.AttProjWeight).ToArray(),
            OutputBias = Enumerable.Range(0, layers).Select(GptWeightNames.AttProjBias).ToArray(),
            Heads = heads,
        };
    }

    /// <summary>Compact JSON, the metadata value.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses a <c>graphnav.embeddings</c> value.</summary>
    /// <exception cref="FormatException">Not JSON of this shape (the message quotes the problem).</exception>
    public static GptEmbeddingNames Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<GptEmbeddingNames>(json, Json)
                ?? throw new FormatException("graphnav.embeddings is JSON null; expected an object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"graphnav.embeddings is not the expected JSON object: {e.Message}", e);
        }
    }
}
