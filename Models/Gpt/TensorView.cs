namespace GraphNav.Models.Gpt;

/// <summary>
/// A named, shaped view into one shared float[] allocation (llm.c's "parameters as pointers into
/// one malloc"). The view does not own memory; its owner (parameters, gradients, activations) does.
/// </summary>
public readonly struct TensorView
{
    private readonly float[] _data;

    internal TensorView(string name, int[] shape, float[] data, int offset)
    {
        Name = name;
        Shape = shape;
        _data = data;
        Offset = offset;
        int length = 1;
        foreach (int d in shape) length = checked(length * d);
        Length = length;
    }

    /// <summary>Tensor name (checkpoint and ONNX initializer name), e.g. "qkvw".</summary>
    public string Name { get; }

    /// <summary>Row-major shape, e.g. [L, 3C, C]. Do not modify.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Start of this tensor inside the owner's allocation (floats).</summary>
    public int Offset { get; }

    /// <summary>Number of floats (product of Shape).</summary>
    public int Length { get; }

    /// <summary>All elements, row-major.</summary>
    public Span<float> Span => _data.AsSpan(Offset, Length);

    /// <summary>All elements as Memory (for async or stored use).</summary>
    public Memory<float> Memory => _data.AsMemory(Offset, Length);

    /// <summary>Elements [start, start + length) of this tensor.</summary>
    public Span<float> Slice(int start, int length) => Span.Slice(start, length);

    /// <summary>Slice i of a tensor stacked over its first dimension (e.g. layer l of [L, C, C]).</summary>
    public Span<float> Layer(int index)
    {
        int stride = Length / Shape[0];
        return _data.AsSpan(Offset + index * stride, stride);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}
