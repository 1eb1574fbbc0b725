using GraphNav.Export.Onnx.Proto;
using Google.Protobuf;

namespace GraphNav.Export.Onnx;

/// <summary>
/// Builds an ONNX model one piece at a time: initializers (weights), graph inputs and outputs,
/// nodes in topological order, metadata. Writes opset 17, IR version 8, producer "graphnav".
/// Names are the caller's; the builder only refuses duplicates and empty names.
/// </summary>
/// <example>
/// <code>
/// var b = new OnnxGraphBuilder("bigram");
/// b.AddInput("input_ids", OnnxElementType.Int64, "batch", "sequence");
/// b.AddInitializer("wte", embedding, vocab, dim);
/// b.AddNode("Gather", ["wte", "input_ids"], ["x"]);
/// b.AddOutput("logits", OnnxElementType.Float, "batch", "sequence", vocab);
/// b.Save("model.onnx");
/// </code>
/// </example>
public sealed class OnnxGraphBuilder
{
    /// <summary>Default operator set: 17 brings LayerNormalization.</summary>
    public const int DefaultOpset = 17;

    /// <summary>IR version 8 (ONNX 1.10+), understood by every ORT since 1.10.</summary>
    public const int IrVersion = 8;

    private readonly GraphProto graph;
    private readonly ModelProto model;
    private readonly HashSet<string> valueNames = new(StringComparer.Ordinal);
    private int nodeCount;

    /// <summary>Starts an empty graph called <paramref name="graphName"/> importing the default ONNX opset.</summary>
    public OnnxGraphBuilder(string graphName, int opset = DefaultOpset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        ArgumentOutOfRangeException.ThrowIfLessThan(opset, 1);
        graph = new GraphProto { Name = graphName };
        model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "graphnav",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
    }

    /// <summary>Number of nodes added so far (nodes get default names "op_N" from it).</summary>
    public int NodeCount => nodeCount;

    /// <summary>Adds a float weight tensor of <paramref name="shape"/> (row-major); returns its name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> values, params long[] shape)
    {
        Claim(name);
        graph.Initializer.Add(OnnxTensors.Float(name, values, shape));
        return name;
    }

    /// <summary>Adds an int64 constant tensor (shapes for Reshape, axes, indices); returns its name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> values, params long[] shape)
    {
        Claim(name);
        graph.Initializer.Add(OnnxTensors.Int64(name, values, shape));
        return name;
    }

    /// <summary>Declares a graph input; dims are sizes or dynamic axis names.</summary>
    public string AddInput(string name, OnnxElementType type, params OnnxDim[] dims)
    {
        Claim(name);
        graph.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Declares a graph output (a value some node produces).</summary>
    public string AddOutput(string name, OnnxElementType type, params OnnxDim[] dims)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        graph.Output.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>
    /// Adds a node of the default ONNX domain. An empty string in <paramref name="inputs"/> marks an
    /// omitted optional input. Returns the first output's name so calls can be chained.
    /// </summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0)
        {
            throw new ArgumentException($"Node {opType} needs at least one output.", nameof(outputs));
        }
        foreach (var output in outputs)
        {
            Claim(output);
        }
        var node = new NodeProto { OpType = opType, Name = $"op_{nodeCount++}_{opType}" };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes.Select(a => a.Proto));
        graph.Node.Add(node);
        return outputs[0];
    }

    /// <summary>Sets (or replaces) a metadata_props entry, e.g. "graphnav.task".</summary>
    public void SetMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        var existing = model.MetadataProps.FirstOrDefault(p => p.Key == key);
        if (existing is not null)
        {
            existing.Value = value;
        }
        else
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
    }

    /// <summary>The serialized model.</summary>
    public byte[] ToBytes() => model.ToByteArray();

    /// <summary>
    /// Writes the model to <paramref name="path"/> atomically: a temporary file in the same folder,
    /// then a rename, so a reader never sees half a model and a crash never leaves one.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                model.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private void Claim(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!valueNames.Add(name))
        {
            throw new ArgumentException($"The graph already has a value named '{name}'.", nameof(name));
        }
    }

    private static ValueInfoProto ValueInfo(string name, OnnxElementType type, OnnxDim[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d.IsDynamic ? new TensorShapeProto.Types.Dimension { DimParam = d.Name } : new TensorShapeProto.Types.Dimension { DimValue = d.Size });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
