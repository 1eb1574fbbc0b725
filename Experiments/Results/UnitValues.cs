using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GraphNav.Experiments.Results;

/// <summary>
/// The per-unit values behind one measurement for one seed: the evaluation units (held-out pairs,
/// LEGO sentences) by a stable id and the value of the measured quantity on each. Kept in result
/// records so that <c>graphnav compare</c> can pair two runs unit by unit, and so that shard records
/// can be merged without re-running anything.
/// </summary>
/// <param name="Seed">The seed whose units these are.</param>
/// <param name="Units">Unit ids, e.g. "17-42" for the pair (17, 42); the same unit has the same id in every run.</param>
/// <param name="Values">The quantity on each unit, in the order of <paramref name="Units"/>.</param>
[JsonConverter(typeof(UnitValuesJsonConverter))]
public sealed record UnitValues(int Seed, IReadOnlyList<string> Units, IReadOnlyList<double> Values)
{
    /// <summary>Checks that ids and values line up one to one.</summary>
    public UnitValues Validated()
    {
        if (Units.Count != Values.Count)
            throw new InvalidDataException($"per-unit values of seed {Seed}: {Units.Count} unit ids but {Values.Count} values.");
        return this;
    }
}

/// <summary>
/// Writes <see cref="UnitValues"/> on one line (records are indented JSON, and an indented array of a
/// thousand numbers would be a thousand lines); numbers round-trip, NaN is written "NaN" like the rest
/// of the record.
/// </summary>
public sealed class UnitValuesJsonConverter : JsonConverter<UnitValues>
{
    /// <inheritdoc />
    public override UnitValues Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("per-unit values must be an object {seed, units, values}.");
        int? seed = null;
        List<string>? units = null;
        List<double>? values = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString() ?? "";
            reader.Read();
            switch (name)
            {
                case "seed":
                    seed = reader.GetInt32();
                    break;
                case "units":
                    units = [];
                    ReadArray(ref reader, (ref Utf8JsonReader r) => units.Add(r.GetString() ?? throw new JsonException("a unit id is null.")));
                    break;
                case "values":
                    values = [];
                    ReadArray(ref reader, (ref Utf8JsonReader r) => values.Add(r.TokenType == JsonTokenType.String
                        ? double.Parse(r.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
                        : r.GetDouble()));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        if (seed is null || units is null || values is null) throw new JsonException("per-unit values need seed, units and values.");
        try
        {
            return new UnitValues(seed.Value, units, values).Validated();
        }
        catch (InvalidDataException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    private delegate void ElementReader(ref Utf8JsonReader reader);

    private static void ReadArray(ref Utf8JsonReader reader, ElementReader element)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("expected an array.");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) element(ref reader);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, UnitValues value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{{\"seed\": {value.Seed}, \"units\": [");
        for (int i = 0; i < value.Units.Count; i++)
        {
            if (i > 0) line.Append(", ");
            line.Append(JsonSerializer.Serialize(value.Units[i], UnitValuesJsonContext.Default.String));
        }
        line.Append("], \"values\": [");
        for (int i = 0; i < value.Values.Count; i++)
        {
            if (i > 0) line.Append(", ");
            double v = value.Values[i];
            line.Append(double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : $"\"{v.ToString(CultureInfo.InvariantCulture)}\"");
        }
        line.Append("]}");
        writer.WriteRawValue(line.ToString(), skipInputValidation: true);
    }
}

[JsonSerializable(typeof(string))]
internal sealed partial class UnitValuesJsonContext : JsonSerializerContext;
