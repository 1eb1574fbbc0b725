namespace GraphNav.Models.Sampling;

/// <summary>
/// The growing sequences of one batch of prompts during generation, left-aligned: row r holds its
/// prompt at positions 0…len−1 and appends tokens after it. Shared by both samplers so that they
/// stop, count and draw identically — and so does the ONNX Runtime generator in Export, which is why
/// this type is public. A row stops at the stop token, after MaxNewTokens, or at context + 1 tokens.
/// </summary>
public sealed class SequenceBatch
{
    private readonly int[][] _tokens;       // [rows][limit] prompt then generated tokens
    private readonly int[] _promptLength;   // [rows]
    private readonly int[] _length;         // [rows] current length
    private readonly bool[] _done;          // [rows]
    private readonly Gpt.SeededRandom[] _random; // [rows] stream (seed, prompt index)
    private readonly SamplingOptions _options;
    private readonly double[] _scratch;     // [V]

    /// <summary>Rows first … first+rows−1 of <paramref name="prompts"/>; row r draws from the stream (Seed, first + r).</summary>
    public SequenceBatch(IReadOnlyList<int[]> prompts, int first, int rows, int vocab, int? context, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        ShortestPrompt = int.MaxValue;
        _options = options;
        _tokens = new int[rows][];
        _promptLength = new int[rows];
        _length = new int[rows];
        _done = new bool[rows];
        _random = new Gpt.SeededRandom[rows];
        _scratch = new double[vocab];
        Rows = rows;
        for (int r = 0; r < rows; r++)
        {
            int[] prompt = prompts[first + r];
            // A row may end one token past the context: the logits at position context − 1 predict token
            // context + 1, which is appended and never fed back (tasks accept sequences of T + 1 tokens).
            int limit = (int)Math.Min((long)prompt.Length + options.MaxNewTokens, context is int c ? c + 1L : int.MaxValue);
            _tokens[r] = new int[Math.Max(limit, prompt.Length)];
            prompt.CopyTo(_tokens[r], 0);
            _promptLength[r] = _length[r] = prompt.Length;
            _done[r] = prompt.Length >= limit;
            _random[r] = Gpt.SeededRandom.ForStream(options.Seed, (ulong)(first + r));
            MaxLength = Math.Max(MaxLength, _tokens[r].Length);
            ShortestPrompt = Math.Min(ShortestPrompt, prompt.Length);
        }
    }

    /// <summary>Length of the shortest prompt: positions below it are prompt tokens in every row.</summary>
    public int ShortestPrompt { get; }

    /// <summary>Number of rows (prompts) in the batch.</summary>
    public int Rows { get; }

    /// <summary>Longest length any row can reach.</summary>
    public int MaxLength { get; }

    /// <summary>True when every row has stopped.</summary>
    public bool AllDone => Array.TrueForAll(_done, d => d);

    /// <summary>True when row <paramref name="row"/> has stopped (stop token or length limit).</summary>
    public bool IsDone(int row) => _done[row];

    /// <summary>Current length (prompt + generated) of a row.</summary>
    public int Length(int row) => _length[row];

    /// <summary>Token at position, or 0 past the row's end (a placeholder whose outputs are ignored).</summary>
    public int TokenAt(int row, int position) => position < _length[row] ? _tokens[row][position] : 0;

    /// <summary>Chooses the next token of <paramref name="row"/> from its logits and appends it.</summary>
    public void Append(int row, ReadOnlySpan<float> logits)
    {
        int token = TokenChooser.Choose(logits, _options.Temperature, _options.TopK, _random[row], _scratch);
        _tokens[row][_length[row]++] = token;
        if (token == _options.StopToken || _length[row] == _tokens[row].Length) _done[row] = true;
    }

    /// <summary>The generated tokens of row r (without the prompt).</summary>
    public int[] Generated(int row) => _tokens[row][_promptLength[row].._length[row]];

    /// <summary>Checks prompts against the vocabulary and context; throws ArgumentException naming the prompt.</summary>
    public static void Validate(IReadOnlyList<int[]> prompts, int vocab, int? context)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        for (int i = 0; i < prompts.Count; i++)
        {
            var p = prompts[i] ?? throw new ArgumentException($"prompt {i} is null.", nameof(prompts));
            if (p.Length == 0) throw new ArgumentException($"prompt {i} is empty; every prompt needs at least one token.", nameof(prompts));
            if (context is int c && p.Length > c)
                throw new ArgumentException($"prompt {i} has {p.Length} tokens, more than the context length {c}.", nameof(prompts));
            foreach (int id in p)
                if ((uint)id >= (uint)vocab)
                    throw new ArgumentException($"prompt {i} contains token {id}; ids must be in [0, VocabSize = {vocab}).", nameof(prompts));
        }
    }
}
