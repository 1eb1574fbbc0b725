using Microsoft.ML.OnnxRuntime;

namespace GraphNav.Export.Tests;

/// <summary>
/// Parity tests run exported graphs through the official ONNX Runtime API directly (not through
/// GraphNav's model classes), so the referee shares no code with what it checks.
/// </summary>
internal static class OrtReferee
{
    /// <summary>Runs <paramref name="feeds"/> and returns the outputs in the order asked; the caller disposes them.</summary>
    public static OrtValue[] RunFeeds(this InferenceSession session, IEnumerable<KeyValuePair<string, OrtValue>> feeds, IReadOnlyCollection<string> outputs)
    {
        using var options = new RunOptions();
        var inputs = feeds.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        return [.. session.Run(options, inputs, outputs)];
    }

    /// <summary>A float32 tensor with no elements (an empty KV cache).</summary>
    public static OrtValue EmptyFloats(params long[] shape) =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, shape);
}
