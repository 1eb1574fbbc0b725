using System.Text.Json;
using System.Text.Json.Serialization;

namespace GraphNav.Tasks.Lego;

/// <summary>
/// Everything that defines a LEGO task (docs/PHENOMENA.md §3); sentences are a pure function of it.
/// Serialises to a self-contained JSON object (snake_case names) that a <c>graphnav.task/1</c> file
/// of kind "lego" embeds as its spec.
/// </summary>
/// <param name="Variables">n: variables (= clauses) per sentence, ≥ 2.</param>
/// <param name="SupervisedPositions">k: the loss covers chain positions 1…k, 1 ≤ k ≤ n.</param>
/// <param name="ContextLength">Model sequence length T ≥ 5n; tokens after the sentence are PAD.</param>
/// <param name="AlphabetSize">Variable names to draw from (without replacement per sentence), ≥ n.</param>
/// <param name="Shuffled">Clauses in random order (the official generator) or in chain order (B6b).</param>
/// <param name="Seed">Seed of every draw (training stream and test set).</param>
/// <param name="TrainSize">Training sentences: the stream cycles over the first TrainSize sentences
/// (what a task directory's train.jsonl holds); 0 means an unbounded stream of fresh sentences.</param>
/// <param name="TestSize">Sentences of the fixed test set, drawn from a stream distinct from training.</param>
public sealed record LegoSpec(
    [property: JsonPropertyName("n")] int Variables,
    [property: JsonPropertyName("k")] int SupervisedPositions,
    [property: JsonPropertyName("context_length")] int ContextLength,
    [property: JsonPropertyName("alphabet_size")] int AlphabetSize = LegoSpec.DefaultAlphabetSize,
    [property: JsonPropertyName("shuffled")] bool Shuffled = true,
    [property: JsonPropertyName("seed")] int Seed = 0,
    [property: JsonPropertyName("train_size")] int TrainSize = 0,
    [property: JsonPropertyName("test_size")] int TestSize = 1000)
{
    /// <summary>The 26 lowercase letters.</summary>
    public const int DefaultAlphabetSize = 26;

    /// <summary>Tokens per clause: <c>name = sign operand ,</c>.</summary>
    public const int TokensPerClause = 5;

    /// <summary>Tokens of one sentence (5n), before padding.</summary>
    [JsonIgnore]
    public int SentenceLength => TokensPerClause * Variables;

    /// <summary>The vocabulary of this spec's alphabet.</summary>
    public LegoTokens CreateTokens() => new(AlphabetSize);

    /// <summary>
    /// A spec whose context is exactly one sentence (T = 5n) unless <paramref name="contextLength"/>
    /// is given; validated.
    /// </summary>
    public static LegoSpec Create(int variables, int supervisedPositions, int alphabetSize = DefaultAlphabetSize,
        bool shuffled = true, int? contextLength = null, int seed = 0, int trainSize = 0, int testSize = 1000)
    {
        var spec = new LegoSpec(variables, supervisedPositions, contextLength ?? TokensPerClause * variables,
            alphabetSize, shuffled, seed, trainSize, testSize);
        spec.Validate();
        return spec;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that is out of range.</summary>
    public void Validate()
    {
        if (Variables < 2)
            throw new ArgumentException($"LEGO spec: n = {Variables} variables; a chain needs n ≥ 2.", nameof(Variables));
        if (SupervisedPositions < 1 || SupervisedPositions > Variables)
            throw new ArgumentException(
                $"LEGO spec: k = {SupervisedPositions} supervised positions; expected 1 ≤ k ≤ n = {Variables}.",
                nameof(SupervisedPositions));
        if (Variables > TaskLimits.ContextLength.Value / TokensPerClause)
            throw new ArgumentException($"LEGO spec: n = {Variables} variables do not fit a context of at most {TaskLimits.ContextLength.Value} tokens (5n each).", nameof(Variables));
        if (AlphabetSize < Variables)
            throw new ArgumentException(
                $"LEGO spec: alphabet of {AlphabetSize} names is smaller than n = {Variables}; names are drawn without replacement.",
                nameof(AlphabetSize));
        if (ContextLength < SentenceLength)
            throw new ArgumentException(
                $"LEGO spec: context length {ContextLength} is shorter than a sentence (5n = {SentenceLength} tokens).",
                nameof(ContextLength));
        if (TrainSize < 0)
            throw new ArgumentException($"LEGO spec: train size {TrainSize} is negative; use 0 for an unbounded stream.", nameof(TrainSize));
        if (TestSize < 0)
            throw new ArgumentException($"LEGO spec: test size {TestSize} is negative.", nameof(TestSize));
        TaskLimits.LegoTestSize.CheckArgument(TestSize, "LEGO spec: test_size");
        TaskLimits.LegoTrainSize.CheckArgument(TrainSize, "LEGO spec: train_size");
        TaskLimits.LegoAlphabet.CheckArgument(AlphabetSize, "LEGO spec: alphabet_size");
        TaskLimits.ContextLength.CheckArgument(ContextLength, "LEGO spec: context_length");
    }

    /// <summary>The spec as one JSON object.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads and validates a spec written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not a JSON spec object.</exception>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public static LegoSpec FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        LegoSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<LegoSpec>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"LEGO spec JSON is malformed: {e.Message}", e);
        }
        if (spec is null) throw new FormatException("LEGO spec JSON is 'null'; expected an object with n, k, ….");
        spec.Validate();
        return spec;
    }

    /// <summary>Reads a spec from an already-parsed element (e.g. inside a task file).</summary>
    public static LegoSpec FromJson(JsonElement element) => FromJson(element.GetRawText());

    // n, k and context_length carry no default in a file: a spec without them is not a spec.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };
}
