namespace GraphNav.Export.Onnx;

/// <summary>
/// One dimension of a graph input or output: a fixed size, or a named dynamic axis
/// ("batch", "sequence"). Converts implicitly from int and string, so shapes read as
/// <c>builder.AddInput("input_ids", OnnxElementType.Int64, "batch", "sequence")</c>.
/// </summary>
public readonly record struct OnnxDim
{
    private OnnxDim(long size, string? name) => (Size, Name) = (size, name);

    /// <summary>The fixed size, or −1 for a named dynamic dimension.</summary>
    public long Size { get; }

    /// <summary>The symbolic name of a dynamic dimension; null when fixed.</summary>
    public string? Name { get; }

    /// <summary>True when the dimension is dynamic.</summary>
    public bool IsDynamic => Name is not null;

    /// <summary>A fixed dimension.</summary>
    public static OnnxDim Fixed(long size) =>
        size >= 0 ? new OnnxDim(size, null) : throw new ArgumentOutOfRangeException(nameof(size), size, "A fixed dimension is ≥ 0.");

    /// <summary>A dynamic dimension with a symbolic name.</summary>
    public static OnnxDim Dynamic(string name) =>
        !string.IsNullOrWhiteSpace(name) ? new OnnxDim(-1, name) : throw new ArgumentException("A dynamic dimension needs a name.", nameof(name));

    /// <summary>Fixed size.</summary>
    public static implicit operator OnnxDim(int size) => Fixed(size);

    /// <summary>Named dynamic axis.</summary>
    public static implicit operator OnnxDim(string name) => Dynamic(name);

    /// <inheritdoc />
    public override string ToString() => Name ?? Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
