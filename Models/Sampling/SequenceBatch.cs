namespace GraphNav.Models.Sampling;

/// <summary>
/// The growing sequences of one batch of prompts during generation, left-aligned: row r holds its
/// prompt at positions 0…len−1 and appends tokens after it. Shared by both samplers so that they
/// stop, count and draw identically.
/// </summary>
internal sealed class SequenceBatch
{
    private readonly int[][] _tokens;       // [rows][limit] prompt then generated tokens
    private readonly int[] _promptLength;   // [rows]
    private readonly int[] _length;         // [rows] current length
    private readonly bool[] _done;          // [rows]
    private readonly Gpt.SeededRandom[] _random; // [rows] stream (seed, prompt index)
    private readonly SamplingOptions _options;
    private readonly double[] _scratch;     // [V]

    public SequenceBatch(IReadOnlyList<int[]> prompts, int first, int rows, int vocab, int? context, SamplingOptions options)
    {
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
            int limit = (int)Math.Min((long)prompt.Length + options.MaxNewTokens, context ?? int.MaxValue);
            _tokens[r] = new int[Math.Max(limit, prompt.Length)];
            prompt.CopyTo(_tokens[r], 0);
            _promptLength[r] = _length[r] = prompt.Length;
            _done[r] = prompt.Length >= limit;
            _random[r] = Gpt.SeededRandom.ForStream(options.Seed, (ulong)(first + r));
            MaxLength = Math.Max(MaxLength, _tokens[r].Length);
        }
    }

    public int Rows { get; }

    /// <summary>Longest length any row can reach.</summary>
    public int MaxLength { get; }

    public bool AllDone => Array.TrueForAll(_done, d => d);

    public bool IsDone(int row) => _done[row];

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
