using System.Text.Json;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Comparison;

/// <summary>
/// One run's phenomenon records, one per phenomenon, read from a folder of result files (each file
/// one record, as the suite writes them, or an array of records, as <c>evaluate --phenomena --json</c>
/// writes them). Records of one phenomenon over disjoint seeds — the shards of one run — are merged
/// (<see cref="RecordMerge"/>).
/// </summary>
/// <param name="Source">The folder or file read.</param>
/// <param name="Records">By phenomenon id.</param>
public sealed record RecordSet(string Source, IReadOnlyDictionary<string, PhenomenonResult> Records)
{
    /// <summary>Reads every *.json record under <paramref name="path"/> (a folder and its subfolders — e.g. one per
    /// shard, as CI artifacts arrive — or one file).</summary>
    public static RecordSet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] files = Directory.Exists(path) ? [.. Directory.GetFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : File.Exists(path) ? [path]
            : throw new DirectoryNotFoundException($"No result folder or file '{path}'.");
        var records = files.SelectMany(Read).ToList();
        if (records.Count == 0) throw new InvalidDataException($"'{path}' holds no phenomenon result records (*.json).");
        var merged = records.GroupBy(r => r.Result.Phenomenon, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count() == 1 ? g.First().Result : RecordMerge.Merge([.. g.Select(r => r.Result)], string.Join(", ", g.Select(r => r.File))), StringComparer.Ordinal);
        return new RecordSet(path, merged);
    }

    private static IEnumerable<(string File, PhenomenonResult Result)> Read(string file)
    {
        string json = File.ReadAllText(file);
        try
        {
            if (json.TrimStart().StartsWith('['))
            {
                using var document = JsonDocument.Parse(json);
                return [.. document.RootElement.EnumerateArray().Select(e => (file, PhenomenonResult.FromJson(e.GetRawText())))];
            }
            return [(file, PhenomenonResult.FromJson(json))];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{file}' is not a phenomenon result record: {e.Message}", e);
        }
    }
}
