using System.Globalization;
using System.Text.Json;
using GraphNav.Experiments.Phenomena;
using System.Text.Json.Serialization;

namespace GraphNav.Experiments.Results;

/// <summary>One measured quantity with its 95% interval (NaN ends when no interval applies).</summary>
/// <param name="Key">Stable identifier to look it up by (see <see cref="MeasureKey"/>), e.g. "stepwise_minus_direct".</param>
/// <param name="Label">What was measured, for people, e.g. "stepwise − direct balanced accuracy".</param>
/// <param name="Mean">Mean over seeds.</param>
/// <param name="Low">Lower end of the 95% bootstrap interval.</param>
/// <param name="High">Upper end of the 95% bootstrap interval.</param>
/// <param name="PerUnit">For a measurement that is a mean over evaluation units (pairs, sentences): per
/// seed, each unit's value, so that another run can be compared unit by unit; null otherwise, and in
/// records written before per-unit values existed.</param>
public sealed record Measurement(string Key, string Label, double Mean, double Low, double High,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<UnitValues>? PerUnit = null)
{
    /// <summary>"mean" or "mean [low, high]" (invariant culture, <paramref name="format"/> per number).</summary>
    public string Format(string format = "0.####") => double.IsNaN(Low)
        ? Mean.ToString(format, CultureInfo.InvariantCulture)
        : string.Format(CultureInfo.InvariantCulture, $"{{0:{format}}} [{{1:{format}}}, {{2:{format}}}]", Mean, Low, High);
}

/// <summary>
/// The record a phenomenon run leaves behind (issue #4): enough to compare runs across machines
/// and engine versions without re-running anything.
/// </summary>
/// <param name="Phenomenon">Identifier from docs/PHENOMENA.md, e.g. "A2".</param>
/// <param name="Title">Short name, e.g. "diversity–accuracy".</param>
/// <param name="Scale">Quick or paper (written "quick" / "paper").</param>
/// <param name="Parameters">The protocol's settings, as strings.</param>
/// <param name="Seeds">Seeds evaluated (fixed in advance).</param>
/// <param name="Measurements">Measured quantities with intervals.</param>
/// <param name="Bar">The bar, as docs/PHENOMENA.md writes it for this scale.</param>
/// <param name="Verdict">Pass, Fail or Inconclusive.</param>
/// <param name="Reason">Why, in one sentence (e.g. which part of the bar failed).</param>
/// <param name="ModelHashes">Content hashes of the models measured.</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="Threads">Engine / ORT thread count.</param>
/// <param name="EngineVersion">GraphNav engine version.</param>
/// <param name="Finished">When the run finished.</param>
/// <param name="Seconds">Wall time of the run.</param>
/// <param name="ExecutionProvider">Where the models ran: "engine" (the C# engine), or ONNX Runtime's "cpu" / "cuda:N".</param>
/// <param name="ExternalModel">The model file measured instead of the suite's own models (null for the suite's own run).</param>
public sealed record PhenomenonResult(
    string Phenomenon,
    string Title,
    Scale Scale,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<Measurement> Measurements,
    string Bar,
    Verdict Verdict,
    string Reason,
    IReadOnlyList<string> ModelHashes,
    MachineInfo Machine,
    int Threads,
    string EngineVersion,
    DateTimeOffset Finished,
    double Seconds,
    string ExecutionProvider = "engine",
    string? ExternalModel = null)
{
    /// <summary>Serialises the record as indented JSON (enums as strings, NaN allowed as "NaN").</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ResultJsonContext.Default.PhenomenonResult);

    /// <summary>Reads a record written by <see cref="ToJson"/>.</summary>
    public static PhenomenonResult FromJson(string json) =>
        JsonSerializer.Deserialize(json, ResultJsonContext.Default.PhenomenonResult)
        ?? throw new JsonException("A phenomenon result file holds null.");

    /// <summary>
    /// The record's file name: {Phenomenon}-{Scale}.json for the suite's own models, and
    /// {Phenomenon}-external-{model file name}.json for an external model, so that measuring a file
    /// never overwrites the suite's own record of the same phenomenon.
    /// </summary>
    public string FileName => ExternalModel is null
        ? $"{Phenomenon}-{ScaleNames.Of(Scale)}.json"
        : $"{Phenomenon}-external-{SafeName(Path.GetFileName(ExternalModel))}.json";

    /// <summary>Writes the record to DIR/<see cref="FileName"/> atomically and returns the path.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, ToJson());
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static string SafeName(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
}

[JsonSourceGenerationOptions(WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UseStringEnumConverter = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PhenomenonResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
