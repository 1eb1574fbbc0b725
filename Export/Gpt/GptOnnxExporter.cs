using System.Globalization;
using System.Text.Json;
using GraphNav.Export.Onnx;
using GraphNav.Models.Gpt;

namespace GraphNav.Export.Gpt;

/// <summary>
/// Exports a <see cref="GptModel"/> to ONNX (opset 17, IR 8) following docs/DESIGN.md's I/O contract:
/// <c>input_ids</c> int64 [batch, sequence] → <c>logits</c> float32 [batch, sequence, vocab], the
/// engine's forward op for op (LayerNormalization, MatMul with [in, out] weights, Softmax
/// attention with an additive causal mask, GELU through Erf), plus optional attention outputs and
/// a KV-cache variant (<see cref="GptExportOptions"/>). ORT reproduces the engine's logits to 1e-4.
/// metadata_props: <c>graphnav.config</c> (the GptConfig JSON), <c>graphnav.context_length</c>,
/// <c>graphnav.embeddings</c> (<see cref="GptEmbeddingNames"/>), and <c>graphnav.task</c> when given.
/// </summary>
public static class GptOnnxExporter
{
    /// <summary>GptConfig properties the exporter knows how to write. A config that sets any other
    /// property (a feature added to the engine later) away from its default is refused rather than
    /// exported wrongly.</summary>
    private static readonly HashSet<string> KnownConfigProperties = new(StringComparer.Ordinal)
    {
        nameof(GptConfig.VocabSize), nameof(GptConfig.ContextLength), nameof(GptConfig.Layers),
        nameof(GptConfig.Heads), nameof(GptConfig.Channels), nameof(GptConfig.MlpRatio),
        nameof(GptConfig.TiedHead), nameof(GptConfig.UseMlp), nameof(GptConfig.FinalLayerNorm),
        nameof(GptConfig.Causal), nameof(GptConfig.LayerNormEps), nameof(GptConfig.OutputSize), nameof(GptConfig.ShareLayers),
        nameof(GptConfig.FixedHeads), nameof(GptConfig.EmbeddingLayerNorm),
        // How the weights were drawn: nothing to write, the weights themselves are exported.
        nameof(GptConfig.Initialization), nameof(GptConfig.EmbeddingInitStd),
    };

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (temp file, then rename).</summary>
    /// <exception cref="NotSupportedException">The model's config cannot be exported (e.g. a KV cache for an encoder,
    /// or a config feature this exporter does not know); the message names it.</exception>
    /// <exception cref="ArgumentException">TaskJson is not JSON.</exception>
    public static void Export(GptModel model, string path, GptExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Build(model, options).Save(path);
    }

    /// <summary>The ONNX model as bytes (the same content <see cref="Export"/> writes).</summary>
    public static byte[] ToBytes(GptModel model, GptExportOptions? options = null) => Build(model, options).ToBytes();

    /// <summary>Reads back the GptConfig stored in an exported file's <c>graphnav.config</c>; null when absent.</summary>
    /// <exception cref="InvalidDataException">The metadata is present but not a valid GptConfig.</exception>
    public static GptConfig? ReadConfig(OnnxFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Metadata.TryGetValue(GptOnnxNames.ConfigMetadataKey, out var json)) return null;
        try
        {
            return (JsonSerializer.Deserialize<GptConfig>(json)
                ?? throw new InvalidDataException($"{file.Path}: metadata {GptOnnxNames.ConfigMetadataKey} is null.")).Validated();
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{file.Path}: metadata {GptOnnxNames.ConfigMetadataKey} is not a valid GptConfig: {e.Message}", e);
        }
    }

    private static OnnxGraphBuilder Build(GptModel model, GptExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new GptExportOptions();
        var config = model.Config;
        CheckExportable(config, options);
        string? task = options.TaskJson is null ? null : CheckJson(options.TaskJson);

        var builder = GptGraphWriter.Write(model, options);
        builder.SetMetadata(GptOnnxNames.ConfigMetadataKey, JsonSerializer.Serialize(config));
        builder.SetMetadata(OnnxModel.ContextLengthMetadataKey, config.ContextLength.ToString(CultureInfo.InvariantCulture));
        builder.SetMetadata(OnnxModel.EmbeddingsMetadataKey, GptEmbeddingNames.ForLayers(config.Layers, config.Heads).ToJson());
        if (task is not null) builder.SetMetadata(OnnxModel.TaskMetadataKey, task);
        return builder;
    }

    private static void CheckExportable(GptConfig config, GptExportOptions options)
    {
        if (options.KvCache && !config.Causal)
        {
            throw new NotSupportedException(
                "GptExportOptions.KvCache needs a causal (decoder) model, but GptConfig.Causal is false: a bidirectional encoder " +
                "re-reads every position, so it has no incremental form. Export it without KvCache.");
        }
        if (string.IsNullOrWhiteSpace(options.GraphName))
            throw new ArgumentException("GptExportOptions.GraphName must not be empty.", nameof(options));
        if (UnknownSetting(JsonSerializer.Serialize(config), JsonSerializer.Serialize(new GptConfig())) is { } setting)
        {
            throw new NotSupportedException(
                $"GptConfig.{setting} cannot be exported to ONNX: the exporter does not know this setting " +
                $"(it writes {string.Join(", ", KnownConfigProperties)}).");
        }
    }

    /// <summary>"Name = value" of the first config property outside <see cref="KnownConfigProperties"/> whose
    /// value differs from the default config's, or null. Both arguments are GptConfig JSON.</summary>
    internal static string? UnknownSetting(string configJson, string defaultsJson)
    {
        using var actual = JsonDocument.Parse(configJson);
        using var defaults = JsonDocument.Parse(defaultsJson);
        foreach (var property in actual.RootElement.EnumerateObject())
        {
            if (KnownConfigProperties.Contains(property.Name)) continue;
            bool isDefault = defaults.RootElement.TryGetProperty(property.Name, out var d) && d.GetRawText() == property.Value.GetRawText();
            if (!isDefault) return $"{property.Name} = {property.Value.GetRawText()}";
        }
        return null;
    }

    private static string CheckJson(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
            return json;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"GptExportOptions.TaskJson is not valid JSON (expected a graphnav.task/1 file): {e.Message}", nameof(json), e);
        }
    }
}
