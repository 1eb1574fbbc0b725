using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;

namespace GraphNav.History.Tests;

/// <summary>Records and reports the tests append: small, with every field set.</summary>
internal static class Samples
{
    public static PhenomenonResult Result(string id = "A2", double accuracy = 0.84) => new(
        id, "diversity–accuracy trade-off", Scale.Quick,
        new Dictionary<string, string> { ["steps"] = "1500" },
        [0, 1, 2],
        [
            new Measurement("accuracy_at_t_1.00", "accuracy at T=1.00", accuracy, accuracy - 0.02, accuracy + 0.01),
            new Measurement("peak_temperature", "T* (argmax of distinct valid paths)", 0.75, double.NaN, double.NaN),
        ],
        "a bar", Verdict.Pass, "every part of the bar holds",
        ["c2e2148840e82fe9c29c42e7999adcd7"],
        MachineInfo.Current, 2, "graphnav-engine/3", new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero), 93.5);

    public static RunContext Run(string kind = "suite") => RunContext.ThisProcess(kind, "engine", "engine", 2) with { RunKey = Guid.NewGuid().ToString("N") };

    /// <summary>A BenchmarkDotNet full report with the fields the import reads (the shape of BenchmarkDotNet 0.14's JsonExporter.Full).</summary>
    public static string BenchmarkJson(double meanNs = 133382.29, string method = "OrtKvCache1") => $$"""
        {
          "Title": "GraphNav.Benchmarks.OnnxGenerationBenchmarks-20261206-005400",
          "HostEnvironmentInfo": { "ProcessorName": "Intel Xeon Processor", "LogicalCoreCount": {{Environment.ProcessorCount}}, "RuntimeVersion": ".NET 10.0.12" },
          "Benchmarks": [
            {
              "Type": "OnnxGenerationBenchmarks", "Method": "{{method}}", "Parameters": "Device=cpu",
              "FullName": "GraphNav.Benchmarks.OnnxGenerationBenchmarks.{{method}}(Device: \"cpu\")",
              "Statistics": { "N": 8, "Mean": {{meanNs.ToString(System.Globalization.CultureInfo.InvariantCulture)}},
                "ConfidenceInterval": { "Lower": 87035.09, "Upper": 179729.48 } },
              "Memory": { "BytesAllocatedPerOperation": 1429 }
            },
            { "Type": "OnnxGenerationBenchmarks", "Method": "Failed", "FullName": "GraphNav.Benchmarks.OnnxGenerationBenchmarks.Failed", "Statistics": null }
          ]
        }
        """;
}
