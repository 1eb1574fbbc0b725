using System.Runtime.InteropServices;
using GraphNav.Export.Onnx.Proto;
using Google.Protobuf;

namespace GraphNav.Export.Onnx;

/// <summary>A graph input or output as declared in the file: name, element type, dimensions.</summary>
public sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDim> Dims)
{
    /// <summary>"name: Int64[batch, sequence]" for messages.</summary>
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(", ", Dims)}]";
}

/// <summary>A stored tensor (weight). <see cref="ExternalLocation"/> is set when its data lives in another file.</summary>
public sealed record OnnxInitializerInfo(string Name, OnnxElementType ElementType, IReadOnlyList<long> Dims, string? ExternalLocation);

/// <summary>
/// What an ONNX file declares, read with our own protobuf classes before ONNX Runtime sees it,
/// so that bad files are refused with a message naming the file and the problem.
/// </summary>
public sealed class OnnxFile
{
    private readonly ModelProto model;

    private OnnxFile(string path, ModelProto model)
    {
        Path = path;
        this.model = model;
        var initializerNames = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        // Before IR 4 initializers were also listed as graph inputs; they are not inputs to feed.
        Inputs = model.Graph.Input.Where(v => !initializerNames.Contains(v.Name)).Select(ToInfo).ToList();
        Outputs = model.Graph.Output.Select(ToInfo).ToList();
        Initializers = model.Graph.Initializer.Select(t => new OnnxInitializerInfo(
            t.Name, (OnnxElementType)t.DataType, t.Dims.ToList(), ExternalLocationOf(t))).ToList();
        Metadata = model.MetadataProps.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        Opsets = model.OpsetImport.GroupBy(o => o.Domain).ToDictionary(g => g.Key, g => g.Max(o => o.Version));
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>The file's IR version.</summary>
    public long IrVersion => model.IrVersion;

    /// <summary>Who wrote it ("pytorch", "graphnav", …).</summary>
    public string ProducerName => model.ProducerName;

    /// <summary>Imported operator sets by domain ("" is the default ONNX domain).</summary>
    public IReadOnlyDictionary<string, long> Opsets { get; }

    /// <summary>Graph inputs to feed (initializers excluded).</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <summary>Graph outputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>Stored tensors.</summary>
    public IReadOnlyList<OnnxInitializerInfo> Initializers { get; }

    /// <summary>metadata_props as a dictionary (the last entry wins on duplicate keys).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Number of nodes in the main graph.</summary>
    public int NodeCount => model.Graph.Node.Count;

    /// <summary>
    /// Reads and checks <paramref name="path"/>: it must parse as an ONNX ModelProto with a graph,
    /// an opset import and outputs, it must be a regular file within the size limit, and any external
    /// data must stay inside the model's folder (see <see cref="OnnxExternalData"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not ONNX, truncated, or external data that escapes the folder.</exception>
    public static OnnxFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        // Before opening: a FIFO would block the read, /dev/zero would never end.
        OnnxInputFile.CheckedLength(full, "ONNX model");
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(full);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{full} is not an ONNX model, or it is truncated: {e.Message}", e);
        }
        if (model.Graph is null || model.OpsetImport.Count == 0 || model.IrVersion <= 0)
        {
            throw new InvalidDataException(
                $"{full} is not an ONNX model: it has no graph, IR version or opset import (is it truncated or another format?).");
        }
        if (model.Graph.Output.Count == 0)
        {
            throw new InvalidDataException($"{full} is not a usable ONNX model: its graph has no outputs (is it truncated?).");
        }
        OnnxExternalData.Check(model, full);
        return new OnnxFile(full, model);
    }

    /// <summary>The values of a float initializer stored inside the file (raw_data or float_data).</summary>
    /// <exception cref="ArgumentException">No such initializer, not float, or stored externally.</exception>
    public float[] ReadFloats(string initializerName)
    {
        var tensor = model.Graph.Initializer.FirstOrDefault(t => t.Name == initializerName)
            ?? throw new ArgumentException($"{Path} has no initializer '{initializerName}'.", nameof(initializerName));
        if ((OnnxElementType)tensor.DataType != OnnxElementType.Float)
        {
            throw new ArgumentException($"Initializer '{initializerName}' in {Path} is {(OnnxElementType)tensor.DataType}, not Float.", nameof(initializerName));
        }
        if (ExternalLocationOf(tensor) is { } location)
        {
            throw new ArgumentException($"Initializer '{initializerName}' in {Path} is stored externally in '{location}'.", nameof(initializerName));
        }
        if (tensor.RawData.Length > 0)
        {
            return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        }
        return tensor.FloatData.ToArray();
    }

    /// <summary>
    /// Rows of the token embedding that <paramref name="inputName"/> indexes: the first Gather whose
    /// indices are that input (possibly through Cast, Identity, Reshape, Squeeze or Unsqueeze) and whose
    /// data is a rank-2 initializer. That is the exact range of ids the model can read; null when the
    /// graph does not look like that.
    /// </summary>
    public int? FindTokenEmbeddingRows(string inputName)
    {
        var derived = new HashSet<string>(StringComparer.Ordinal) { inputName };
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var node in model.Graph.Node)
        {
            if (node.Input.Count == 0)
            {
                continue;
            }
            if (node.OpType is "Cast" or "Identity" or "Reshape" or "Squeeze" or "Unsqueeze" && derived.Contains(node.Input[0]))
            {
                derived.UnionWith(node.Output);
            }
            else if (node.OpType == "Gather" && node.Input.Count == 2 && derived.Contains(node.Input[1])
                && initializers.TryGetValue(node.Input[0], out var table) && table.Dims.Count == 2
                && node.Attribute.All(a => a.Name != "axis" || a.I == 0))
            {
                return checked((int)table.Dims[0]);
            }
        }
        return null;
    }

    private static string? ExternalLocationOf(TensorProto tensor) => OnnxExternalData.LocationOf(tensor);

    private static OnnxValueInfo ToInfo(ValueInfoProto value)
    {
        var tensor = value.Type?.TensorType;
        if (tensor is null)
        {
            return new OnnxValueInfo(value.Name, OnnxElementType.Undefined, []);
        }
        var dims = tensor.Shape?.Dim.Select(d =>
            d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? OnnxDim.Fixed(d.DimValue)
            : OnnxDim.Dynamic(string.IsNullOrEmpty(d.DimParam) ? "?" : d.DimParam)).ToList() ?? [];
        return new OnnxValueInfo(value.Name, (OnnxElementType)tensor.ElemType, dims);
    }
}
