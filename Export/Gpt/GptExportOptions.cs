namespace GraphNav.Export.Gpt;

/// <summary>What <see cref="GptOnnxExporter"/> writes besides <c>input_ids</c> → <c>logits</c>.</summary>
public sealed record GptExportOptions
{
    /// <summary>
    /// Also output every layer's softmax attention probabilities as <c>attentions.{layer}</c>
    /// [batch, heads, sequence, sequence] (with <see cref="KvCache"/>: [batch, heads, sequence, total_sequence]).
    /// </summary>
    public bool IncludeAttentions { get; init; }

    /// <summary>
    /// Write the incremental-decoding variant: extra inputs <c>past_key_values.{i}.key/value</c>
    /// [batch, heads, past_sequence, head_size] and outputs <c>present.{i}.key/value</c>
    /// [batch, heads, past_sequence + sequence, head_size]; positions start at past_sequence.
    /// Causal models only. Feeding pasts of length 0 gives exactly the plain export's logits.
    /// </summary>
    public bool KvCache { get; init; }

    /// <summary>The task file (graphnav.task/1 JSON) stored as metadata <c>graphnav.task</c>; null = none.</summary>
    public string? TaskJson { get; init; }

    /// <summary>Name of the ONNX graph.</summary>
    public string GraphName { get; init; } = "graphnav_gpt";
}
