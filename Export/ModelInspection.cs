using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GraphNav.Export.Onnx;

namespace GraphNav.Export;

/// <summary>A graph input or output for reports: declared element type and dimensions (names for dynamic axes).</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="ElementType">ONNX element type, e.g. Int64, Float16.</param>
/// <param name="Shape">Dimensions: a number, or the axis name of a dynamic one.</param>
public sealed record TensorDescription(string Name, string ElementType, IReadOnlyList<string> Shape)
{
    /// <summary>"input_ids: Int64[batch, sequence]".</summary>
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(", ", Shape)}]";
}

/// <summary>
/// What <c>graphnav inspect</c> reports about a model file: its signature, how GraphNav will feed it,
/// which optional capabilities it has (and why not, when not), metadata and the execution provider.
/// Built from an <see cref="OpenedModelFile"/>, so it reports what the evaluator itself sees.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Kind">"onnx" or "checkpoint".</param>
/// <param name="ExecutionProvider">cpu, cuda:N or engine.</param>
/// <param name="Producer">ONNX producer name and version ("" for a checkpoint).</param>
/// <param name="IrVersion">ONNX IR version (0 for a checkpoint).</param>
/// <param name="Opsets">Imported opsets by domain ("" is ONNX's default domain).</param>
/// <param name="Inputs">Graph inputs to feed.</param>
/// <param name="Outputs">Graph outputs.</param>
/// <param name="TokenInput">The input fed with token ids.</param>
/// <param name="LogitsOutput">The output read as logits.</param>
/// <param name="Vocabulary">Logits per position.</param>
/// <param name="InputVocabulary">Token ids the model can read (rows of its embedding).</param>
/// <param name="ContextLength">Longest sequence, or null when the file does not say.</param>
/// <param name="FedInputs">What GraphNav feeds besides the ids (attention_mask of ones, position_ids, empty past).</param>
/// <param name="KvCache">The KV-cache layout, or why incremental decoding is not available.</param>
/// <param name="AttentionOutputs">attentions.{l} outputs.</param>
/// <param name="Attention">"yes", or why attention maps cannot be read.</param>
/// <param name="Embeddings">"yes", or why embedding weights cannot be read.</param>
/// <param name="Metadata">metadata_props (a long graphnav.task is summarised by its kind and length).</param>
public sealed record ModelInspection(
    string Path,
    string Kind,
    string ExecutionProvider,
    string Producer,
    long IrVersion,
    IReadOnlyDictionary<string, long> Opsets,
    IReadOnlyList<TensorDescription> Inputs,
    IReadOnlyList<TensorDescription> Outputs,
    string TokenInput,
    string LogitsOutput,
    int Vocabulary,
    int InputVocabulary,
    int? ContextLength,
    IReadOnlyList<string> FedInputs,
    string KvCache,
    IReadOnlyList<string> AttentionOutputs,
    string Attention,
    string Embeddings,
    IReadOnlyDictionary<string, string> Metadata)
{
    private const int MetadataPreview = 120;

    /// <summary>The inspection of an opened file.</summary>
    public static ModelInspection Of(OpenedModelFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string attention = file.Attention is not null ? "yes" : file.AttentionUnavailable;
        string embeddings = file.Embeddings is not null ? "yes" : file.EmbeddingsUnavailable;
        if (file.Onnx is not { } onnx)
        {
            var config = file.Engine!.Config;
            return new ModelInspection(file.Path, "checkpoint", file.ExecutionProvider, "", 0, new Dictionary<string, long>(),
                [new("input_ids", "Int32", ["batch", "sequence"])],
                [new("logits", "Float", ["batch", "sequence", config.VocabSize.ToString(CultureInfo.InvariantCulture)])],
                "input_ids", "logits", config.VocabSize, config.VocabSize, config.ContextLength, [],
                $"the engine's own cache ({config.Layers} layers × {config.Heads} heads × {config.HeadSize})",
                [], attention, embeddings, Summarise(file.TaskJson is null ? [] : new Dictionary<string, string> { [OnnxModel.TaskMetadataKey] = file.TaskJson }));
        }
        var declared = onnx.File;
        var fed = new List<string>();
        if (onnx.HasAttentionMask) fed.Add("attention_mask: ones");
        if (onnx.HasPositionIds) fed.Add("position_ids: 0..T-1 per row");
        if (onnx.PastInputCount > 0) fed.Add($"{onnx.PastInputCount} past_key_values inputs: empty (past length 0) for whole-sequence runs");
        return new ModelInspection(
            file.Path, "onnx", file.ExecutionProvider,
            $"{declared.ProducerName}".Trim(), declared.IrVersion, declared.Opsets,
            declared.Inputs.Select(Describe).ToList(), declared.Outputs.Select(Describe).ToList(),
            onnx.IdsInput, onnx.LogitsOutput, onnx.VocabSize, onnx.InputVocabSize, onnx.ContextLength, fed,
            file.KvCache is not null ? KvLayout(onnx) : file.KvCacheUnavailable,
            onnx.Outputs.Select(o => o.Name).Where(n => n.StartsWith("attentions.", StringComparison.Ordinal)).ToList(),
            attention, embeddings, Summarise(declared.Metadata));
    }

    /// <summary>Indented JSON (snake_case).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, InspectionJsonContext.Default.ModelInspection);

    /// <summary>The report as lines of text.</summary>
    public IEnumerable<string> ToLines()
    {
        yield return $"model     {Path} ({Kind}{(Producer.Length > 0 ? $", from {Producer}" : "")}{(IrVersion > 0 ? $", IR {IrVersion}, opset {string.Join(", ", Opsets.Select(o => (o.Key.Length == 0 ? "ai.onnx" : o.Key) + " " + o.Value))}" : "")})";
        yield return $"runs on   {ExecutionProvider}";
        foreach (var input in Inputs) yield return $"input     {input}";
        foreach (var output in Outputs) yield return $"output    {output}";
        yield return $"tokens    '{TokenInput}' reads ids 0..{InputVocabulary - 1}; '{LogitsOutput}' gives {Vocabulary} logits per position";
        yield return $"context   {(ContextLength is { } c ? c.ToString(CultureInfo.InvariantCulture) : "not stated (no fixed sequence axis, no graphnav.context_length)")}";
        foreach (var f in FedInputs) yield return $"fed       {f}";
        yield return $"KV cache  {KvCache}";
        yield return $"attention {(Attention == "yes" ? $"yes ({(AttentionOutputs.Count > 0 ? string.Join(", ", AttentionOutputs) : "engine")})" : "no: " + Attention)}";
        yield return $"embedding {(Embeddings == "yes" ? "yes" : "no: " + Embeddings)}";
        foreach (var (key, value) in Metadata) yield return $"metadata  {key} = {value}";
    }

    private static TensorDescription Describe(OnnxValueInfo value) =>
        new(value.Name, value.ElementType.ToString(), value.Dims.Select(d => d.ToString()).ToList());

    private static string KvLayout(OnnxModel onnx)
    {
        var pasts = onnx.Inputs.Where(i => i.Name.StartsWith("past_key_values.", StringComparison.Ordinal)).ToList();
        var first = pasts[0];
        return $"{pasts.Count / 2} layers of past_key_values.{{i}}.key/value → present.{{i}}.key/value, {first.ElementType} [batch, {first.Shape[1]} heads, past, {first.Shape[3]}]";
    }

    private static Dictionary<string, string> Summarise(IReadOnlyDictionary<string, string> metadata) =>
        metadata.ToDictionary(p => p.Key, p => p.Value.Length <= MetadataPreview
            ? p.Value
            : $"{p.Value[..MetadataPreview]}… ({p.Value.Length} characters)");
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ModelInspection))]
internal sealed partial class InspectionJsonContext : JsonSerializerContext;
