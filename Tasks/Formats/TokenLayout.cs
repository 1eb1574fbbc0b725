using System.Text.Json;

namespace GraphNav.Tasks.Formats;

/// <summary>
/// A user's token-id layout, applied to a graph task so its files speak the ids of the user's model
/// (<c>graphnav task export --tokens</c>). Either a tokens file — a JSON object mapping names to ids:
/// <c>"nodes"</c> (id of node 0; node k → nodes + k) and any of the specials <c>"PAD"</c>, <c>":"</c>,
/// <c>"END"</c>, <c>"PATH"</c>, <c>"NOPATH"</c>, <c>"EXEMPLAR"</c> — or a named preset
/// (<see cref="NodesFirstName"/>, <see cref="DefaultName"/>).
/// </summary>
public sealed class TokenLayout
{
    /// <summary>Preset: nodes 0 … N−1, then ':' N, END N+1, PAD N+2, then NOPATH and PATH only if the task uses them.</summary>
    public const string NodesFirstName = "nodes-first";
    /// <summary>Preset: the suite's own ids (PAD 0, ':' 1, END 2, PATH 3, NOPATH 4, EXEMPLAR 5, node k → 6 + k).</summary>
    public const string DefaultName = "default";
    /// <summary>The tokens-file key giving the id of node 0.</summary>
    public const string NodesKey = "nodes";

    private readonly Func<GraphTask, TokenMap> _apply;

    private TokenLayout(string description, Func<GraphTask, TokenMap> apply)
    {
        Description = description;
        _apply = apply;
    }

    /// <summary>What the layout is (a preset name or the tokens file), for messages.</summary>
    public string Description { get; }

    /// <summary>The nodes-first preset (the layout most hand-written tokenizers use).</summary>
    public static TokenLayout NodesFirst { get; } = new($"preset '{NodesFirstName}'", task =>
    {
        int n = task.Dag.NodeCount;
        var specials = new Dictionary<string, int> { [TokenMap.ColonName] = n, [TokenMap.EndName] = n + 1, [TokenMap.PadName] = n + 2 };
        int next = n + 3;
        foreach (var name in new[] { TokenMap.NoPathName, TokenMap.PathName })
            if (task.UsedSpecials.Any(kv => kv.Key == name)) specials[name] = next++;
        return new TokenMap(specials, 0, n);
    });

    /// <summary>The suite's default layout.</summary>
    public static TokenLayout Default { get; } = new($"preset '{DefaultName}'", task => TokenMap.Default(task.Dag.NodeCount));

    /// <summary>A preset name, or else the path of a tokens file (read and checked here).</summary>
    public static TokenLayout Resolve(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return value switch
        {
            NodesFirstName => NodesFirst,
            DefaultName => Default,
            _ when File.Exists(value) => Read(value),
            _ => throw new ArgumentException(
                $"--tokens '{value}' is neither a tokens file nor a preset ('{NodesFirstName}', '{DefaultName}'). A tokens file is JSON like " +
                "{\"nodes\": 0, \":\": 100, \"END\": 101, \"PAD\": 102}."),
        };
    }

    /// <summary>Reads a tokens file; <see cref="InvalidDataException"/> names the file and the bad entry.</summary>
    public static TokenLayout Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Tokens file '{path}' cannot be read: {e.Message}", e);
        }
        return Parse(text, $"tokens file '{path}'");
    }

    /// <summary>Parses tokens-file text; <paramref name="source"/> names it in messages.</summary>
    public static TokenLayout Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        Dictionary<string, int>? entries;
        try { entries = JsonSerializer.Deserialize(json, TokenLayoutJsonContext.Default.DictionaryStringInt32); }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The {source} is not a JSON object of name → integer id (line {e.LineNumber}): {e.Message}", e);
        }
        if (entries is null) throw new InvalidDataException($"The {source} is empty (null).");
        if (!entries.Remove(NodesKey, out int nodeBase))
            throw new InvalidDataException($"The {source} has no \"{NodesKey}\" entry (the id of node 0; node k gets nodes + k).");
        // Names, signs and special-vs-special collisions are checked now; collisions with node ids need the
        // task's node count and are checked when the layout is applied.
        if (nodeBase < 0) throw new InvalidDataException($"The {source}: \"{NodesKey}\" = {nodeBase} is negative.");
        var seen = new Dictionary<int, string>();
        foreach (var (name, id) in entries)
        {
            if (!TokenMap.SpecialNames.Contains(name))
                throw new InvalidDataException($"The {source}: unknown name '{name}'; expected \"{NodesKey}\" or one of {string.Join(", ", TokenMap.SpecialNames.Select(n => $"\"{n}\""))}.");
            if (id < 0) throw new InvalidDataException($"The {source}: '{name}' = {id} is negative.");
            if (!seen.TryAdd(id, name))
                throw new InvalidDataException($"The {source}: token id collision: '{name}' and '{seen[id]}' both have id {id}.");
        }
        return new TokenLayout(source, task =>
        {
            try
            {
                return new TokenMap(entries, nodeBase, task.Dag.NodeCount);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"The {source} does not fit task '{task.Name}' ({task.Dag.NodeCount} nodes → ids {nodeBase}–{nodeBase + task.Dag.NodeCount - 1}): {e.Message}", e);
            }
        });
    }

    /// <summary>
    /// The task in this layout: same graph, pairs, format and context; only the ids change. Refused, naming
    /// the token, when the layout lacks a special the task's sequences use.
    /// </summary>
    public GraphTask Apply(GraphTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var map = _apply(task);
        var missing = task.UsedSpecials.Select(kv => kv.Key).Where(name => !map.Has(name)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException(
                $"The {Description} declares no {string.Join(", ", missing.Select(n => $"'{n}'"))}, which task '{task.Name}' uses: add {(missing.Length == 1 ? "it" : "them")}.");
        return task.WithTokens(map);
    }
}

/// <summary>Source-generated JSON metadata for tokens files.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class TokenLayoutJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
