using System.Text.Json;
using System.Text.Json.Serialization;

namespace GraphNav.Experiments.Comparison;

/// <summary>The JSON form of a <see cref="ComparisonReport"/> (snake_case keys, enums as strings, NaN as "NaN").</summary>
public static class ComparisonJson
{
    /// <summary>Serialises the report as indented JSON.</summary>
    public static string Write(ComparisonReport report) => JsonSerializer.Serialize(report, ComparisonJsonContext.Default.ComparisonReport);

    /// <summary>Reads a report written by <see cref="Write"/>.</summary>
    public static ComparisonReport Read(string json) =>
        JsonSerializer.Deserialize(json, ComparisonJsonContext.Default.ComparisonReport) ?? throw new JsonException("A comparison file holds null.");
}

[JsonSourceGenerationOptions(WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UseStringEnumConverter = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ComparisonReport))]
internal sealed partial class ComparisonJsonContext : JsonSerializerContext;
