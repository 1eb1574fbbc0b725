using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GraphNav.Experiments.Comparison;
using GraphNav.Experiments.Results;

namespace GraphNav.Cli.Reports;

/// <summary>
/// One entry of the JSON that benchmark-tracking actions read with tool <c>customBiggerIsBetter</c> or
/// <c>customSmallerIsBetter</c> (github-action-benchmark): a list of {name, unit, value, range?, extra?}.
/// </summary>
/// <param name="Name">Series name, stable across runs.</param>
/// <param name="Unit">Unit shown beside the value.</param>
/// <param name="Value">The number.</param>
/// <param name="Range">The 95% interval as text, when there is one.</param>
/// <param name="Extra">Free text shown in the tooltip.</param>
internal sealed record BenchmarkEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("range"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Range = null,
    [property: JsonPropertyName("extra"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Extra = null);

/// <summary>Writes benchmark-action JSON files.</summary>
internal static class BenchmarkJson
{
    /// <summary>
    /// The bigger-is-better series of phenomenon records: every measurement whose better direction
    /// (<see cref="ComparisonDefaults"/>) is higher, named "ID key". Per-seed details are left out.
    /// </summary>
    public static IReadOnlyList<BenchmarkEntry> BiggerIsBetter(IEnumerable<PhenomenonResult> results) =>
        [.. Directed(results, BetterDirection.Higher)];

    /// <summary>The smaller-is-better series: lower-is-better measurements and each phenomenon's wall time.</summary>
    public static IReadOnlyList<BenchmarkEntry> SmallerIsBetter(IEnumerable<PhenomenonResult> results)
    {
        var list = results.ToList();
        return [.. Directed(list, BetterDirection.Lower), .. list.Where(r => r.Verdict != Verdict.Inconclusive)
            .Select(r => new BenchmarkEntry($"{r.Phenomenon} wall time", "s", Math.Round(r.Seconds, 3), Extra: $"{r.Threads} threads, {r.ExecutionProvider}"))];
    }

    private static IEnumerable<BenchmarkEntry> Directed(IEnumerable<PhenomenonResult> results, BetterDirection direction) =>
        from r in results
        from m in r.Measurements
        where double.IsFinite(m.Mean) && ComparisonDefaults.For(r.Phenomenon, m.Key).Better == direction
        select new BenchmarkEntry($"{r.Phenomenon} {m.Key}", "", m.Mean,
            double.IsNaN(m.Low) ? null : string.Create(CultureInfo.InvariantCulture, $"[{m.Low:0.####}, {m.High:0.####}]"), m.Label);

    /// <summary>
    /// The bigger-is-better series of a plain <c>evaluate</c>: accuracy and distinct valid paths per
    /// temperature (accuracy with its interval) and generation throughput in tokens per second.
    /// </summary>
    public static IReadOnlyList<BenchmarkEntry> FromEvaluation(Experiments.Graph.GraphEvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var entries = new List<BenchmarkEntry>();
        foreach (var row in result.Rows)
        {
            string t = row.Temperature.ToString("0.##", CultureInfo.InvariantCulture);
            entries.Add(new BenchmarkEntry($"accuracy at T={t}", "fraction valid", row.Accuracy.Mean,
                string.Create(CultureInfo.InvariantCulture, $"[{row.Accuracy.Low:0.####}, {row.Accuracy.High:0.####}]"), $"{result.Pairs} pairs, {result.Task}"));
            entries.Add(new BenchmarkEntry($"distinct valid paths at T={t}", "paths per pair", row.DistinctValidPaths));
        }
        entries.Add(new BenchmarkEntry("generation throughput", "tokens/s", Math.Round(result.GeneratedTokens / Math.Max(result.Seconds, 1e-9), 1),
            Extra: $"{result.GeneratedTokens} tokens in {result.Seconds:0.0} s on {result.ExecutionProvider}, {result.Machine.Cores} cores"));
        return entries;
    }

    public static void Write(IReadOnlyList<BenchmarkEntry> entries, string path)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(entries, BenchmarkJsonContext.Default.IReadOnlyListBenchmarkEntry));
        Console.WriteLine($"wrote {Path.GetFullPath(path)}");
    }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<BenchmarkEntry>))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
