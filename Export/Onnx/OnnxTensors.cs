using System.Runtime.InteropServices;
using GraphNav.Export.Onnx.Proto;
using Google.Protobuf;

namespace GraphNav.Export.Onnx;

/// <summary>Builds TensorProtos with raw little-endian data (what ORT reads fastest).</summary>
internal static class OnnxTensors
{
    public static TensorProto Float(string name, ReadOnlySpan<float> values, ReadOnlySpan<long> shape) =>
        Make(name, OnnxElementType.Float, MemoryMarshal.AsBytes(values), values.Length, shape);

    public static TensorProto Int64(string name, ReadOnlySpan<long> values, ReadOnlySpan<long> shape) =>
        Make(name, OnnxElementType.Int64, MemoryMarshal.AsBytes(values), values.Length, shape);

    private static TensorProto Make(string name, OnnxElementType type, ReadOnlySpan<byte> bytes, int count, ReadOnlySpan<long> shape)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; big-endian hosts are not supported.");
        }
        long expected = 1;
        foreach (var d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            expected *= d;
        }
        if (expected != count)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has {count} values but shape [{string.Join(", ", shape.ToArray())}] needs {expected}.", nameof(shape));
        }
        var proto = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        proto.Dims.Add(shape.ToArray());
        return proto;
    }
}
