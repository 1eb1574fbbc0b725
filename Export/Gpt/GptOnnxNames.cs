using System.Globalization;

namespace GraphNav.Export.Gpt;

/// <summary>Input, output and metadata names of an exported GPT (docs/DESIGN.md, "ONNX I/O contract").</summary>
public static class GptOnnxNames
{
    /// <summary>Input: token ids, int64 [batch, sequence].</summary>
    public const string InputIds = "input_ids";

    /// <summary>Output: next-token logits, float32 [batch, sequence, vocab].</summary>
    public const string Logits = "logits";

    /// <summary>metadata_props key: the exported <c>GptConfig</c> as JSON (the checkpoint's format).</summary>
    public const string ConfigMetadataKey = "graphnav.config";

    /// <summary>Output: softmax attention probabilities of <paramref name="layer"/>.</summary>
    public static string Attentions(int layer) => Indexed("attentions.", layer, "");

    /// <summary>KV-cache input: cached keys of <paramref name="layer"/>, [batch, heads, past_sequence, head_size].</summary>
    public static string PastKey(int layer) => Indexed("past_key_values.", layer, ".key");

    /// <summary>KV-cache input: cached values of <paramref name="layer"/>, [batch, heads, past_sequence, head_size].</summary>
    public static string PastValue(int layer) => Indexed("past_key_values.", layer, ".value");

    /// <summary>KV-cache output: keys of <paramref name="layer"/> after this call, [batch, heads, total_sequence, head_size].</summary>
    public static string PresentKey(int layer) => Indexed("present.", layer, ".key");

    /// <summary>KV-cache output: values of <paramref name="layer"/> after this call, [batch, heads, total_sequence, head_size].</summary>
    public static string PresentValue(int layer) => Indexed("present.", layer, ".value");

    private static string Indexed(string prefix, int layer, string suffix)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        return prefix + layer.ToString(CultureInfo.InvariantCulture) + suffix;
    }
}
