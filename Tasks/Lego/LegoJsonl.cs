using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GraphNav.Tasks.Lego;

/// <summary>
/// LEGO sentences as JSON lines, one sentence a line, for a task directory's train.jsonl/test.jsonl:
/// <c>{"ids":[…],"labels":[…],"positions":[…]}</c>, three arrays of the sentence's 5n tokens
/// (unpadded: pad with id 0 up to the task's context length). <c>labels</c> holds the value label
/// (1 for +1, 0 for −1) at every clause's left-hand variable token — all chain positions, so a test
/// file can score unsupervised positions — and −1 at every other token. <c>positions</c> holds the
/// 1-based chain position at those tokens and 0 elsewhere; the training loss covers the tokens with
/// 1 ≤ position ≤ k (k is in the task's spec).
/// </summary>
public static class LegoJsonl
{
    /// <summary>One line (no newline) for <paramref name="sentence"/>.</summary>
    public static string ToLine(LegoSentence sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var line = new StringBuilder(sentence.Length * 8);
        line.Append("{\"ids\":");
        AppendArray(line, sentence.Ids);
        line.Append(",\"labels\":");
        AppendArray(line, sentence.TokenLabels());
        line.Append(",\"positions\":");
        AppendArray(line, sentence.TokenPositions());
        line.Append('}');
        return line.ToString();
    }

    /// <summary>Writes one line per sentence.</summary>
    public static void Write(TextWriter writer, IEnumerable<LegoSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(sentences);
        foreach (var sentence in sentences)
        {
            writer.Write(ToLine(sentence));
            writer.Write('\n');
        }
    }

    /// <summary>Writes the sentences to a file (UTF-8, LF line ends).</summary>
    public static void WriteFile(string path, IEnumerable<LegoSentence> sentences)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, sentences);
    }

    /// <summary>
    /// Reads sentences, re-solving each chain from its ids and checking the stored labels and
    /// positions against it. Blank lines are skipped.
    /// </summary>
    /// <param name="reader">The JSONL text.</param>
    /// <param name="tokens">The vocabulary the ids belong to.</param>
    /// <param name="source">Name of the file for messages.</param>
    /// <exception cref="InvalidDataException">A line is malformed or disagrees with its own clauses; the message names source and line.</exception>
    public static List<LegoSentence> Read(TextReader reader, LegoTokens tokens, string source = "<jsonl>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(tokens);
        var sentences = new List<LegoSentence>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                sentences.Add(ParseLine(line, tokens));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: {Files.TaskFile.OneLine(e.Message)}", e);
            }
        }
        return sentences;
    }

    /// <summary>Reads a JSONL file written by <see cref="WriteFile"/>.</summary>
    public static List<LegoSentence> ReadFile(string path, LegoTokens tokens)
    {
        using var reader = new StreamReader(Common.InputFile.OpenRead(path, "sentence file", TaskLimits.JsonlBytes), Encoding.UTF8);
        return Read(reader, tokens, path);
    }

    private static LegoSentence ParseLine(string line, LegoTokens tokens)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException("Expected an object {\"ids\":[…],\"labels\":[…],\"positions\":[…]}.");
        int[] ids = ReadArray(root, "ids");
        int[] labels = ReadArray(root, "labels");
        int[] positions = ReadArray(root, "positions");
        foreach (int id in ids)
        {
            if (id < 0 || id >= tokens.VocabSize)
                throw new FormatException($"Token id {id} is outside the LEGO vocabulary [0, {tokens.VocabSize}).");
        }
        var sentence = LegoSentence.FromTokens(ids, tokens);
        if (labels.Length != ids.Length || positions.Length != ids.Length)
            throw new FormatException($"\"labels\" ({labels.Length}) and \"positions\" ({positions.Length}) must have one entry per id ({ids.Length}).");
        if (!labels.AsSpan().SequenceEqual(sentence.TokenLabels()))
            throw new FormatException("\"labels\" disagree with the values the clauses imply.");
        if (!positions.AsSpan().SequenceEqual(sentence.TokenPositions()))
            throw new FormatException("\"positions\" disagree with the chain the clauses form.");
        return sentence;
    }

    private static int[] ReadArray(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new FormatException($"Missing array \"{name}\".");
        var values = new int[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out values[i]))
                throw new FormatException($"\"{name}\"[{i}] is {item.GetRawText()}; expected an integer.");
            i++;
        }
        return values;
    }

    private static void AppendArray(StringBuilder line, ReadOnlySpan<int> values)
    {
        line.Append('[');
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) line.Append(',');
            line.Append(values[i].ToString(CultureInfo.InvariantCulture));
        }
        line.Append(']');
    }
}
