using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Validators;

namespace GraphNav.Benchmarks;

/// <summary>
/// The one configuration every GraphNav benchmark runs under: full JSON (for comparing machines
/// over time) and GitHub markdown exporters, the memory diagnoser (the engine promises no
/// allocation per step), and a validator that fails any benchmark without a category, so CI can
/// always select by category.
/// </summary>
internal static class BenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddExporter(JsonExporter.Full) // DefaultConfig already has the GitHub markdown exporter
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(CategoriesColumn.Default)
        .AddValidator(MandatoryCategoryValidator.FailOnError);
}
