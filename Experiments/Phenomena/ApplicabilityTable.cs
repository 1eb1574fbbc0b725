using System.Globalization;
using System.Text.Json.Nodes;

namespace GraphNav.Experiments.Phenomena;

/// <summary>One row of <see cref="ApplicabilityTable"/>: a phenomenon, whether it applies to the model, and why not.</summary>
/// <param name="Id">Phenomenon id, e.g. "A5".</param>
/// <param name="Title">Its short name.</param>
/// <param name="Applies">True when the phenomenon measures the model.</param>
/// <param name="Reason">Why it does not apply ("" when it does).</param>
public sealed record ApplicabilityRow(string Id, string Title, bool Applies, string Reason);

/// <summary>
/// Which phenomena of the registry apply to an external model and why not the others, from
/// <see cref="IPhenomenon.AppliesTo"/>: the same check an external run makes before measuring.
/// <c>graphnav inspect</c> prints it and writes it in its JSON.
/// </summary>
public static class ApplicabilityTable
{
    /// <summary>Every phenomenon of <see cref="PhenomenonRegistry.All"/>, in order, judged on <paramref name="model"/>.</summary>
    public static IReadOnlyList<ApplicabilityRow> Of(ModelProfile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return PhenomenonRegistry.All.Select(e =>
        {
            var applies = e.Phenomenon.AppliesTo(model);
            return new ApplicabilityRow(e.Phenomenon.Id, e.Phenomenon.Title, applies.Applies, applies.Reason);
        }).ToList();
    }

    /// <summary>The profile in one line, then one line per phenomenon: id, yes/no, reason.</summary>
    public static IEnumerable<string> ToLines(ModelProfile model, IReadOnlyList<ApplicabilityRow> rows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        yield return $"task      {(model.TaskKind is null ? "none: " + model.TaskProblem : $"{ModelProfile.KindName(model.TaskKind)} ({model.TaskKindDeclared}) from {model.TaskSource}{(model.TaskProblem.Length > 0 ? "; unusable: " + model.TaskProblem : "")}")}";
        yield return $"shape     {Shape(model)}";
        yield return "phenomena which apply to this model (the check an external run makes before measuring):";
        foreach (var row in rows)
            yield return $"  {row.Id,-4} {(row.Applies ? "yes" : "no "),-4}{(row.Applies ? "" : row.Reason)}".TrimEnd();
    }

    /// <summary>The profile and the rows as a JSON object (snake_case, like the inspection).</summary>
    public static JsonObject ToJson(ModelProfile model, IReadOnlyList<ApplicabilityRow> rows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        var phenomena = new JsonArray();
        foreach (var row in rows)
            phenomena.Add(new JsonObject { ["id"] = row.Id, ["title"] = row.Title, ["applies"] = row.Applies, ["reason"] = row.Reason });
        return new JsonObject
        {
            ["task_kind"] = model.TaskKind,
            ["task_source"] = model.TaskSource,
            ["task_problem"] = model.TaskProblem,
            ["logits_per_position"] = model.LogitsPerPosition,
            ["layers"] = model.Layers,
            ["heads"] = model.Heads,
            ["attention_only"] = model.AttentionOnly,
            ["attention_readable"] = model.AttentionReadable,
            ["embeddings_readable"] = model.EmbeddingsReadable,
            ["lego_k"] = model.LegoK,
            ["phenomena"] = phenomena,
        };
    }

    private static string Shape(ModelProfile model)
    {
        string outputs = model.LogitsPerPosition is 1 or 2
            ? $"{model.LogitsPerPosition} logit(s) per position (a LEGO encoder's head)"
            : $"{model.LogitsPerPosition} logits per position (a decoder's vocabulary)";
        string attention = model.Layers is { } l && model.Heads is { } h
            ? string.Create(CultureInfo.InvariantCulture, $"{l} layers × {h} heads")
            : "layers and heads not stated";
        string mlp = model.AttentionOnly switch { true => "attention-only", false => "with MLP blocks", null => "MLP blocks not stated" };
        string lego = model.LegoK is { } k ? string.Create(CultureInfo.InvariantCulture, $", LEGO k = {k}") : "";
        return $"{outputs}, {attention}, {mlp}{lego}";
    }
}
