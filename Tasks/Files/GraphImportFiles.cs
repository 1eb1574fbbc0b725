using System.Globalization;
using System.Text.Json;

namespace GraphNav.Tasks.Files;

/// <summary>
/// Parses the files of <see cref="GraphImport"/> — a graph as a CSV edge list or JSON edges/adjacency, pairs as CSV
/// or JSON — keeping for every value the file and line (or JSON index) it came from, so that validation
/// errors can name it.
/// </summary>
internal static class GraphImportFiles
{
    /// <summary>Edges (with where each was read, for messages) and the node count the file implies.</summary>
    internal static (List<(int From, int To, string Where)> Edges, int Nodes) ReadGraph(string path)
    {
        string text = ReadText(path, "Graph");
        var edges = new List<(int, int, string)>();
        if (IsJson(path, text))
        {
            JsonElement root = ParseJson(text, path);
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"Graph '{path}' must be a JSON object with \"edges\" or \"adjacency\".");
            int? declared = root.TryGetProperty("nodes", out var n) ? Integer(n, $"'{path}' field \"nodes\"") : null;
            if (root.TryGetProperty("edges", out var list))
            {
                int i = 0;
                foreach (var e in Array(list, $"'{path}' field \"edges\""))
                {
                    string where = $"'{path}' edges[{i++}]";
                    var pair = Array(e, where).ToArray();
                    if (pair.Length != 2) throw new InvalidDataException($"{where} must be [from, to].");
                    edges.Add((Integer(pair[0], where), Integer(pair[1], where), where));
                }
            }
            else if (root.TryGetProperty("adjacency", out var adjacency))
            {
                if (adjacency.ValueKind == JsonValueKind.Object)
                    foreach (var property in adjacency.EnumerateObject())
                    {
                        string where = $"'{path}' adjacency[\"{property.Name}\"]";
                        if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int from))
                            throw new InvalidDataException($"{where}: key '{property.Name}' is not a node number.");
                        foreach (var to in Array(property.Value, where)) edges.Add((from, Integer(to, where), where));
                    }
                else
                {
                    int from = 0;
                    foreach (var row in Array(adjacency, $"'{path}' field \"adjacency\""))
                    {
                        string where = $"'{path}' adjacency[{from}]";
                        foreach (var to in Array(row, where)) edges.Add((from, Integer(to, where), where));
                        from++;
                    }
                }
            }
            else throw new InvalidDataException($"Graph '{path}' has neither \"edges\" nor \"adjacency\".");
            return (edges, declared ?? Math.Max(NodeCountOf(edges), 0));
        }
        foreach (var (fields, where) in CsvRows(path, text))
            edges.Add((fields[0], fields[1], where));
        return (edges, NodeCountOf(edges));
    }

    private static int NodeCountOf(List<(int From, int To, string Where)> edges) =>
        edges.Count == 0 ? 0 : edges.Max(e => Math.Max(e.From, e.To)) + 1;

    /// <summary>Pairs with where each was read.</summary>
    internal static List<(NodePair Pair, string Where)> ReadPairs(string path)
    {
        string text = ReadText(path, "Pairs");
        var pairs = new List<(NodePair, string)>();
        if (IsJson(path, text))
        {
            int i = 0;
            foreach (var e in Array(ParseJson(text, path), $"Pairs file '{path}'"))
            {
                string where = $"'{path}' [{i++}]";
                var pair = Array(e, where).ToArray();
                if (pair.Length != 2) throw new InvalidDataException($"{where} must be [start, goal].");
                pairs.Add((new NodePair(Integer(pair[0], where), Integer(pair[1], where)), where));
            }
            return pairs;
        }
        foreach (var (fields, where) in CsvRows(path, text))
            pairs.Add((new NodePair(fields[0], fields[1]), where));
        return pairs;
    }

    /// <summary>Two-column integer CSV rows; a first line that is not numeric is a header and skipped.</summary>
    private static IEnumerable<(int[] Fields, string Where)> CsvRows(string path, string text)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split(',', StringSplitOptions.TrimEntries);
            string where = $"'{path}' line {i + 1}";
            if (cells.Length != 2)
                throw new InvalidDataException($"{where} has {cells.Length} fields; expected two integers (from,to or start,goal).");
            var fields = new int[2];
            bool numeric = int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out fields[0])
                & int.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out fields[1]);
            if (!numeric)
            {
                if (i == 0 || lines.Take(i).All(l => l.Trim().Length == 0 || l.Trim().StartsWith('#'))) continue;   // header
                throw new InvalidDataException($"{where}: '{line}' is not two integers.");
            }
            yield return (fields, where);
        }
    }

    private static string ReadText(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new InvalidDataException($"{what} file '{path}' does not exist.");
        return File.ReadAllText(path);
    }

    private static bool IsJson(string path, string text) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[');

    private static JsonElement ParseJson(string text, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON (line {e.LineNumber}): {e.Message}", e);
        }
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new InvalidDataException($"{where} must be a JSON array.");

    private static int Integer(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value)
            ? value : throw new InvalidDataException($"{where}: {element.GetRawText()} is not an integer.");
}
