using GraphNav.Export.Onnx.Proto;

namespace GraphNav.Export.Onnx;

/// <summary>
/// Refuses external data that would make ONNX Runtime read outside the model's folder. Every
/// tensor that can carry an external location is checked: initializers, sparse initializers
/// (values and indices), tensors in node attributes (Constant's value, any TENSOR(S) or
/// SPARSE_TENSOR(S) attribute), and the same inside subgraphs (If/Loop/Scan bodies) and model-local
/// functions. A location must be relative, must not contain '..', and — after every symbolic
/// link on the way is resolved — must name a regular file inside the folder.
/// </summary>
internal static class OnnxExternalData
{
    /// <summary>Checks every external tensor of <paramref name="model"/> read from <paramref name="modelPath"/>.</summary>
    /// <exception cref="InvalidDataException">The first offending tensor, named with where it was found.</exception>
    public static void Check(ModelProto model, string modelPath)
    {
        var folder = RealPath(Path.GetDirectoryName(modelPath)!);
        foreach (var (tensor, where) in Tensors(model))
        {
            if (LocationOf(tensor) is { } location)
                CheckLocation(modelPath, folder, location, where);
        }
    }

    /// <summary>The external location of a tensor, or null when its data is inside the file.</summary>
    public static string? LocationOf(TensorProto tensor)
    {
        if (tensor.DataLocation != TensorProto.Types.DataLocation.External && tensor.ExternalData.Count == 0)
            return null;
        return tensor.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value ?? "";
    }

    /// <summary>Every tensor in the model with a phrase saying where it sits.</summary>
    public static IEnumerable<(TensorProto Tensor, string Where)> Tensors(ModelProto model)
    {
        if (model.Graph is not null)
        {
            foreach (var item in InGraph(model.Graph, "graph"))
                yield return item;
        }
        foreach (var function in model.Functions)
        {
            foreach (var item in InNodes(function.Node, $"function '{function.Name}'"))
                yield return item;
        }
    }

    private static IEnumerable<(TensorProto, string)> InGraph(GraphProto graph, string where)
    {
        foreach (var t in graph.Initializer)
            yield return (t, $"initializer '{t.Name}' ({where})");
        foreach (var s in graph.SparseInitializer)
        {
            foreach (var item in Sparse(s, $"sparse initializer '{s.Values?.Name}' ({where})"))
                yield return item;
        }
        foreach (var item in InNodes(graph.Node, where))
            yield return item;
    }

    private static IEnumerable<(TensorProto, string)> InNodes(IEnumerable<NodeProto> nodes, string where)
    {
        foreach (var node in nodes)
        {
            var nodeName = string.IsNullOrEmpty(node.Name) ? node.OpType : $"{node.OpType} '{node.Name}'";
            foreach (var a in node.Attribute)
            {
                var at = $"attribute '{a.Name}' of node {nodeName} ({where})";
                if (a.T is not null) yield return (a.T, at);
                foreach (var t in a.Tensors) yield return (t, at);
                if (a.SparseTensor is not null)
                {
                    foreach (var item in Sparse(a.SparseTensor, at)) yield return item;
                }
                foreach (var s in a.SparseTensors)
                {
                    foreach (var item in Sparse(s, at)) yield return item;
                }
                if (a.G is not null)
                {
                    foreach (var item in InGraph(a.G, $"subgraph '{a.Name}' of node {nodeName}")) yield return item;
                }
                foreach (var g in a.Graphs)
                {
                    foreach (var item in InGraph(g, $"subgraph '{a.Name}' of node {nodeName}")) yield return item;
                }
            }
        }
    }

    private static IEnumerable<(TensorProto, string)> Sparse(SparseTensorProto sparse, string where)
    {
        if (sparse.Values is not null) yield return (sparse.Values, $"{where}, values");
        if (sparse.Indices is not null) yield return (sparse.Indices, $"{where}, indices");
    }

    private static void CheckLocation(string modelPath, string folder, string location, string where)
    {
        var segments = location.Split('/', '\\');
        if (location.Length == 0 || Path.IsPathRooted(location) || segments.Contains(".."))
        {
            throw new InvalidDataException(
                $"{modelPath}: {where} keeps its data at '{location}', outside the model's folder; external data must be a relative path without '..'.");
        }
        var target = Path.Combine(folder, location);
        if (!File.Exists(target) && !Directory.Exists(target))
        {
            throw new InvalidDataException($"{modelPath}: {where} keeps its data in '{location}', which does not exist next to the model.");
        }
        var real = RealPath(target);
        if (!real.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"{modelPath}: {where} keeps its data in '{location}', a link to {real} outside the model's folder; copy the data next to the model.");
        }
        OnnxInputFile.CheckedLength(real, $"{modelPath}: {where}: external data");
    }

    /// <summary>
    /// <paramref name="path"/> with every symbolic link on the way resolved (like realpath(3)),
    /// so a link inside the folder that points elsewhere is seen for what it is.
    /// </summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var current = root;
        int links = 0;
        while (parts.Count > 0)
        {
            var next = Path.Combine(current, parts.Dequeue());
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                // Loops (a → b → a) end here rather than spinning: 40 is Linux's own limit.
                if (++links > 40)
                    throw new InvalidDataException($"{path}: too many symbolic links (a loop?).");
                var resolved = Path.GetFullPath(target, current);
                var rest = parts.ToArray();
                var resolvedRoot = Path.GetPathRoot(resolved)!;
                parts = new Queue<string>(resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                current = resolvedRoot;
                continue;
            }
            current = next;
        }
        return current;
    }
}
