using System.Text.Json.Serialization;

namespace GraphNav.Tasks.Files;

/// <summary>
/// The JSON shape of <c>task.json</c> (schema <c>graphnav.task/1</c>), snake_case on disk. Plain data;
/// <see cref="TaskFile"/> validates it and converts it to a <see cref="GraphTask"/>.
/// </summary>
public sealed class TaskFileModel
{
    /// <summary>Always <see cref="TaskFile.Schema"/>.</summary>
    public string? Schema { get; set; }
    /// <summary>Preset name or label.</summary>
    public string? Name { get; set; }
    /// <summary>"bernoulli" | "hierarchical" | "imported" | "motif" | "lego".</summary>
    public string? Kind { get; set; }
    /// <summary>Generator parameters by name (n, p, layers, width, …).</summary>
    public Dictionary<string, double>? Parameters { get; set; }
    /// <summary>Seed the graph and split were drawn with.</summary>
    public int Seed { get; set; }
    /// <summary>Number of nodes N.</summary>
    public int Nodes { get; set; }
    /// <summary>Explicit edge list, each [from, to] with from &lt; to.</summary>
    public int[][]? Edges { get; set; }
    /// <summary>Layer index per node (hierarchical graphs), or null.</summary>
    public int[]? Layers { get; set; }
    /// <summary>Special tokens by name, any of PAD, ":", END, PATH, NOPATH, EXEMPLAR: graph tasks need only those their
    /// sequences use (':' and END; NOPATH if a pair is unreachable; PATH in the direct format), PAD only to be trained here.</summary>
    public Dictionary<string, int>? Tokens { get; set; }
    /// <summary>Id of node 0; node k has id node_token_base + k.</summary>
    public int NodeTokenBase { get; set; }
    /// <summary>Vocabulary size (largest id + 1), informative; checked on load.</summary>
    public int VocabularySize { get; set; }
    /// <summary>Context length T.</summary>
    public int ContextLength { get; set; }
    /// <summary>"stepwise" | "direct".</summary>
    public string? Format { get; set; }
    /// <summary>Training pairs, each [start, goal].</summary>
    public int[][]? TrainPairs { get; set; }
    /// <summary>Test pairs, each [start, goal].</summary>
    public int[][]? TestPairs { get; set; }

    /// <summary>Motif tasks: the edge list of each motif in local node numbers (all motifs share the
    /// parameters layers × width; local node = layer · width + position; global = motif · S + local).</summary>
    public int[][][]? Motifs { get; set; }
    /// <summary>Motif tasks: orders the training stream draws from.</summary>
    public int[][]? TrainOrders { get; set; }
    /// <summary>Motif tasks: held-out orders of length ≤ K_train.</summary>
    public int[][]? HeldOutOrders { get; set; }
    /// <summary>Motif tasks: orders of length K_train + 2.</summary>
    public int[][]? LongOrders { get; set; }

    /// <summary>LEGO tasks (kind "lego"): the LegoSpec (n, k, alphabet, shuffled, seed, sizes) as written by LegoSpec.ToJson.</summary>
    public System.Text.Json.JsonElement? Lego { get; set; }
}

/// <summary>One line of <c>train.jsonl</c> / <c>test.jsonl</c>.</summary>
public sealed class ExampleLine
{
    /// <summary>Prompt + completion ids, unpadded.</summary>
    public int[]? Ids { get; set; }
    /// <summary>Index in ids of the first completion token.</summary>
    public int LossFrom { get; set; }
    /// <summary>Start node (test lines only).</summary>
    public int? Start { get; set; }
    /// <summary>Goal node (test lines only).</summary>
    public int? Goal { get; set; }
    /// <summary>Motif order the reference path follows (motif test lines only).</summary>
    public int[]? Order { get; set; }
    /// <summary>"held_out" or "long" (motif test lines only).</summary>
    public string? Split { get; set; }

    /// <summary>The line as an <see cref="Formats.Example"/> (validated lines from <see cref="TaskFile.ReadExamples"/>).</summary>
    public Formats.Example ToExample() =>
        new(Ids ?? throw new InvalidOperationException("Example line has no ids."), LossFrom);
}

/// <summary>Source-generated System.Text.Json metadata for task files (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TaskFileModel))]
[JsonSerializable(typeof(ExampleLine))]
internal sealed partial class TaskFileJsonContext : JsonSerializerContext;
