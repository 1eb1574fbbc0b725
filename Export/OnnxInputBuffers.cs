using GraphNav.Export.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace GraphNav.Export;

/// <summary>
/// The integer inputs <see cref="OnnxModel.Logits"/> feeds (input_ids, attention_mask,
/// position_ids), kept between calls: an evaluation loop calls Logits once per batch with the same
/// shape, so each buffer is allocated once and grown only when a larger batch arrives.
/// Not thread-safe: the owner serialises calls.
/// </summary>
internal sealed class OnnxInputBuffers
{
    /// <summary>Buffer of the token-id input.</summary>
    public IntegerInput Ids { get; } = new();

    /// <summary>Buffer of the attention mask (all ones).</summary>
    public IntegerInput Mask { get; } = new();

    /// <summary>Buffer of the position ids (0..T−1 in every row).</summary>
    public IntegerInput Positions { get; } = new();

    /// <summary>One integer input, as Int64 or Int32 as the model declares it.</summary>
    internal sealed class IntegerInput
    {
        private long[] _wide = [];
        private int[] _narrow = [];

        /// <summary>A tensor of <paramref name="values"/> with <paramref name="shape"/>, over this buffer.</summary>
        public OrtValue Tensor(ReadOnlySpan<int> values, long[] shape, OnnxElementType type)
        {
            if (type == OnnxElementType.Int32)
            {
                var narrow = Narrow(values.Length);
                values.CopyTo(narrow.Span);
                return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, narrow, shape);
            }
            var wide = Wide(values.Length);
            var span = wide.Span;
            for (var i = 0; i < values.Length; i++)
            {
                span[i] = values[i];
            }
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, wide, shape);
        }

        /// <summary>A tensor of <paramref name="count"/> ones.</summary>
        public OrtValue Ones(int count, long[] shape, OnnxElementType type)
        {
            if (type == OnnxElementType.Int32)
            {
                var narrow = Narrow(count);
                narrow.Span.Fill(1);
                return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, narrow, shape);
            }
            var wide = Wide(count);
            wide.Span.Fill(1);
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, wide, shape);
        }

        /// <summary>A [batch, sequence] tensor whose rows are 0..sequence−1.</summary>
        public OrtValue Positions(int batch, int sequence, long[] shape, OnnxElementType type)
        {
            int count = batch * sequence;
            if (type == OnnxElementType.Int32)
            {
                var narrow = Narrow(count);
                var span = narrow.Span;
                for (var i = 0; i < count; i++) span[i] = i % sequence;
                return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, narrow, shape);
            }
            var wide = Wide(count);
            var w = wide.Span;
            for (var i = 0; i < count; i++) w[i] = i % sequence;
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, wide, shape);
        }

        private Memory<long> Wide(int count)
        {
            if (_wide.Length < count) _wide = new long[count];
            return _wide.AsMemory(0, count);
        }

        private Memory<int> Narrow(int count)
        {
            if (_narrow.Length < count) _narrow = new int[count];
            return _narrow.AsMemory(0, count);
        }
    }
}
