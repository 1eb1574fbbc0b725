using System.Security.Cryptography;
using System.Text.Json;

namespace GraphNav.History;

/// <summary>One benchmark of a BenchmarkDotNet report: its mean time per operation with the 99.9% interval BenchmarkDotNet gives.</summary>
/// <param name="FullName">BenchmarkDotNet's full name (type, method and parameters), the identity across runs.</param>
/// <param name="Type">Benchmark class.</param>
/// <param name="Method">Benchmark method.</param>
/// <param name="Parameters">Parameter values, e.g. "Device=cpu" (empty when none).</param>
/// <param name="MeanNanoseconds">Mean time per operation.</param>
/// <param name="LowNanoseconds">Lower end of BenchmarkDotNet's confidence interval (NaN when absent).</param>
/// <param name="HighNanoseconds">Upper end of the interval (NaN when absent).</param>
/// <param name="Samples">Measured iterations.</param>
/// <param name="AllocatedBytes">Managed bytes allocated per operation, when the memory diagnoser ran.</param>
public sealed record BenchmarkResult(string FullName, string Type, string Method, string Parameters,
    double MeanNanoseconds, double LowNanoseconds, double HighNanoseconds, int Samples, long? AllocatedBytes)
{
    /// <summary>Operations per second at the mean (1e9 / mean ns).</summary>
    public double OperationsPerSecond => 1e9 / MeanNanoseconds;
}

/// <summary>
/// A BenchmarkDotNet full JSON report (the *-report-full.json that <c>JsonExporter.Full</c> writes
/// into BenchmarkDotNet.Artifacts/results/), read for <c>graphnav history import-bench</c>.
/// </summary>
/// <param name="Title">The report's title (benchmark class and run time stamp).</param>
/// <param name="ProcessorName">The processor BenchmarkDotNet saw.</param>
/// <param name="LogicalCores">Logical cores BenchmarkDotNet saw.</param>
/// <param name="Runtime">Runtime BenchmarkDotNet saw.</param>
/// <param name="Benchmarks">Every benchmark that produced statistics.</param>
/// <param name="ContentHash">SHA-256 of the file's bytes: the same report is imported once.</param>
public sealed record BenchmarkReport(string Title, string ProcessorName, int LogicalCores, string Runtime,
    IReadOnlyList<BenchmarkResult> Benchmarks, string ContentHash)
{
    /// <summary>
    /// When the benchmarks ran, from the time stamp BenchmarkDotNet puts at the end of the title
    /// ("…-20261206-005313", the local time of the machine that ran them); null when the title has none.
    /// </summary>
    public DateTimeOffset? Started =>
        Title.Length >= 16 && DateTime.TryParseExact(Title[^15..], "yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeLocal, out var local)
            ? new DateTimeOffset(local)
            : null;

    /// <summary>Reads <paramref name="path"/>; a file that is not a BenchmarkDotNet full report gets an error naming the file and what is missing.</summary>
    public static BenchmarkReport Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"benchmark report '{path}' not found: pass a *-report-full.json from BenchmarkDotNet.Artifacts/results/.", path);
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(bytes, path);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not JSON ({e.Message}): pass a *-report-full.json from BenchmarkDotNet.Artifacts/results/.", e);
        }
    }

    private static BenchmarkReport Parse(byte[] bytes, string path)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Benchmarks", out var benchmarks) || benchmarks.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"'{path}' has no \"Benchmarks\" array: it is not a BenchmarkDotNet full JSON report (*-report-full.json; the brief and compressed exports lack the statistics).");
        var host = root.TryGetProperty("HostEnvironmentInfo", out var h) ? h : default;
        var results = new List<BenchmarkResult>();
        foreach (var b in benchmarks.EnumerateArray())
        {
            // A benchmark that failed has no statistics: it has nothing to import.
            if (!b.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object) continue;
            double mean = Number(statistics, "Mean");
            if (!(mean > 0)) continue;
            var interval = statistics.TryGetProperty("ConfidenceInterval", out var ci) && ci.ValueKind == JsonValueKind.Object ? ci : default;
            long? allocated = b.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
                && memory.TryGetProperty("BytesAllocatedPerOperation", out var a) && a.TryGetInt64(out var bytesPerOp) ? bytesPerOp : null;
            results.Add(new BenchmarkResult(
                Text(b, "FullName") is { Length: > 0 } full ? full : throw new InvalidDataException($"'{path}': a benchmark has no FullName."),
                Text(b, "Type"), Text(b, "Method"), Text(b, "Parameters"),
                mean,
                interval.ValueKind == JsonValueKind.Object ? Number(interval, "Lower") : double.NaN,
                interval.ValueKind == JsonValueKind.Object ? Number(interval, "Upper") : double.NaN,
                statistics.TryGetProperty("N", out var n) && n.TryGetInt32(out var count) ? count : 0,
                allocated));
        }
        if (results.Count == 0) throw new InvalidDataException($"'{path}' holds no benchmark with statistics (every benchmark failed, or the run was a dry run).");
        return new BenchmarkReport(
            Text(root, "Title"),
            host.ValueKind == JsonValueKind.Object ? Text(host, "ProcessorName") : "",
            host.ValueKind == JsonValueKind.Object && host.TryGetProperty("LogicalCoreCount", out var cores) && cores.TryGetInt32(out var c) ? c : 0,
            host.ValueKind == JsonValueKind.Object ? Text(host, "RuntimeVersion") : "",
            results,
            Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static double Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
}
