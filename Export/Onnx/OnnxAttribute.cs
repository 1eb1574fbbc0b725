using GraphNav.Export.Onnx.Proto;
using Google.Protobuf;

namespace GraphNav.Export.Onnx;

/// <summary>A node attribute (axis, epsilon, perm, …). Build one with the static factories.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(AttributeProto proto) => Proto = proto;

    internal AttributeProto Proto { get; }

    /// <summary>Attribute name.</summary>
    public string Name => Proto.Name;

    /// <summary>An integer attribute, e.g. Int("axis", -1).</summary>
    public static OnnxAttribute Int(string name, long value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });

    /// <summary>A float attribute, e.g. Float("epsilon", 1e-5f).</summary>
    public static OnnxAttribute Float(string name, float value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });

    /// <summary>A string attribute, e.g. String("approximate", "none").</summary>
    public static OnnxAttribute String(string name, string value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });

    /// <summary>An integer list, e.g. Ints("perm", 0, 2, 1, 3).</summary>
    public static OnnxAttribute Ints(string name, params long[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        proto.Ints.Add(values);
        return new(proto);
    }

    /// <summary>A float list.</summary>
    public static OnnxAttribute Floats(string name, params float[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        proto.Floats.Add(values);
        return new(proto);
    }

    /// <summary>A float tensor attribute (the "value" of a Constant node).</summary>
    public static OnnxAttribute Tensor(string name, ReadOnlySpan<float> values, params long[] shape) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = OnnxTensors.Float("", values, shape) });

    /// <summary>An int64 tensor attribute (the "value" of a Constant node, e.g. a Reshape target).</summary>
    public static OnnxAttribute Tensor(string name, ReadOnlySpan<long> values, params long[] shape) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = OnnxTensors.Int64("", values, shape) });
}
