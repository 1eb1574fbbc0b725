using GraphNav.Export.Onnx;

namespace GraphNav.Export.Ort;

/// <summary>A session input or output: name, element type and shape (−1 for a dynamic dimension).</summary>
public sealed record OrtTensorInfo(string Name, OnnxElementType ElementType, IReadOnlyList<long> Shape)
{
    /// <summary>"name: Int64[-1, -1]" for messages.</summary>
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(", ", Shape)}]";
}
