using System.Text;

namespace GraphNav.Tasks.Lego;

/// <summary>
/// One LEGO sentence: n clauses of 5 tokens, <c>name = sign operand ,</c>, in sentence order. The
/// operand is the digit <c>1</c> in the chain's first clause and the previous variable's name in
/// every other clause, so the chain reads <c>a = +1 , b = -a , c = +b , …</c> before shuffling.
/// A variable's value is ±1; its <b>label</b> is 1 for +1 and 0 for −1 (the class of the 2-class
/// head, or "logit &gt; 0" of a 1-logit head). Clause c's left-hand variable sits at token 5c.
/// Immutable.
/// </summary>
public sealed class LegoSentence
{
    private readonly int[] _ids;        // [5n] token ids, no padding
    private readonly int[] _labels;     // [n] value label of clause c's left-hand variable (sentence order)
    private readonly int[] _positions;  // [n] 1-based chain position of clause c (sentence order)

    internal LegoSentence(int[] ids, int[] labels, int[] positions)
    {
        _ids = ids;
        _labels = labels;
        _positions = positions;
    }

    /// <summary>n: variables, which is also the number of clauses.</summary>
    public int Variables => _labels.Length;

    /// <summary>Tokens of the sentence (5n), without padding.</summary>
    public int Length => _ids.Length;

    /// <summary>Token ids [5n] in sentence order, without padding.</summary>
    public ReadOnlySpan<int> Ids => _ids;

    /// <summary>Token index of clause <paramref name="clause"/>'s left-hand variable: 5·clause.</summary>
    public static int VariableToken(int clause) => LegoSpec.TokensPerClause * clause;

    /// <summary>1-based chain position (1 = the clause with the digit) of the clause at sentence slot <paramref name="clause"/>.</summary>
    public int ChainPosition(int clause) => _positions[clause];

    /// <summary>Value label (1 for +1, 0 for −1) of the left-hand variable of clause <paramref name="clause"/>.</summary>
    public int Label(int clause) => _labels[clause];

    /// <summary>The clause's own sign: +1 for <c>+</c>, −1 for <c>-</c>.</summary>
    public int Sign(int clause) => _ids[VariableToken(clause) + 2] == LegoTokens.Plus ? 1 : -1;

    /// <summary>Sentence slot of the clause at 1-based chain position <paramref name="chainPosition"/>.</summary>
    public int ClauseAt(int chainPosition)
    {
        int slot = Array.IndexOf(_positions, chainPosition);
        return slot >= 0
            ? slot
            : throw new ArgumentOutOfRangeException(nameof(chainPosition), chainPosition,
                $"Chain positions run from 1 to {Variables}.");
    }

    /// <summary>Value label of the variable at 1-based chain position <paramref name="chainPosition"/>.</summary>
    public int LabelAtPosition(int chainPosition) => _labels[ClauseAt(chainPosition)];

    /// <summary>
    /// Per-token labels [5n]: the value label at each clause's left-hand variable token (every chain
    /// position, supervised or not), −1 at every other token. The JSONL "labels" field.
    /// </summary>
    public int[] TokenLabels()
    {
        var labels = new int[Length];
        Array.Fill(labels, -1);
        for (int c = 0; c < Variables; c++) labels[VariableToken(c)] = _labels[c];
        return labels;
    }

    /// <summary>
    /// Per-token chain positions [5n]: 1…n at each clause's left-hand variable token, 0 at every
    /// other token. The JSONL "positions" field; the loss mask for k is "position in 1…k".
    /// </summary>
    public int[] TokenPositions()
    {
        var positions = new int[Length];
        for (int c = 0; c < Variables; c++) positions[VariableToken(c)] = _positions[c];
        return positions;
    }

    /// <summary>The sentence as space-separated token texts, e.g. <c>b = - a , a = + 1 ,</c>.</summary>
    public string ToText(LegoTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var text = new StringBuilder();
        foreach (int id in _ids)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(tokens.Text(id));
        }
        return text.ToString();
    }

    /// <summary>
    /// Parses and solves a sentence from its tokens: checks the clause grammar, that left-hand names
    /// are distinct, that exactly one clause has the digit and every other operand names another
    /// clause's variable, and that the clauses form one chain; then derives labels and positions.
    /// </summary>
    /// <exception cref="FormatException">The ids are not a well-formed LEGO chain; the message says why.</exception>
    public static LegoSentence FromTokens(ReadOnlySpan<int> ids, LegoTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        const int width = LegoSpec.TokensPerClause;
        if (ids.Length < 2 * width || ids.Length % width != 0)
            throw new FormatException($"A LEGO sentence has 5n tokens with n ≥ 2; got {ids.Length} tokens.");
        int n = ids.Length / width;
        var clauseOf = new Dictionary<int, int>(n); // left-hand variable id → clause slot
        int root = -1;
        for (int c = 0; c < n; c++)
        {
            var clause = ids.Slice(c * width, width);
            if (!tokens.IsVariable(clause[0]) || clause[1] != LegoTokens.Assign
                || (clause[2] != LegoTokens.Plus && clause[2] != LegoTokens.Minus)
                || (clause[3] != LegoTokens.One && !tokens.IsVariable(clause[3])) || clause[4] != LegoTokens.Separator)
                throw new FormatException($"Clause {c} (tokens {c * width}…{c * width + 4}: {string.Join(' ', clause.ToArray())}) " +
                    "is not 'name = sign operand ,'.");
            if (!clauseOf.TryAdd(clause[0], c))
                throw new FormatException($"Variable '{tokens.Text(clause[0])}' is defined by two clauses.");
            if (clause[3] == LegoTokens.One)
            {
                if (root >= 0) throw new FormatException("Two clauses carry the digit 1; a chain has exactly one.");
                root = c;
            }
        }
        if (root < 0) throw new FormatException("No clause carries the digit 1; the chain has no start.");

        // Follow the chain from its root: each step finds the clause whose operand is the current variable.
        var next = new Dictionary<int, int>(n); // operand variable id → clause slot using it
        for (int c = 0; c < n; c++)
        {
            int operand = ids[c * width + 3];
            if (operand == LegoTokens.One) continue;
            if (!clauseOf.ContainsKey(operand))
                throw new FormatException($"Clause {c} refers to '{tokens.Text(operand)}', which no clause defines.");
            if (!next.TryAdd(operand, c))
                throw new FormatException($"Variable '{tokens.Text(operand)}' is the operand of two clauses; a chain uses each once.");
        }
        var labels = new int[n];
        var positions = new int[n];
        int slot = root;
        int value = ids[root * width + 2] == LegoTokens.Plus ? 1 : -1;
        for (int p = 1; ; p++)
        {
            positions[slot] = p;
            labels[slot] = value > 0 ? 1 : 0;
            if (!next.TryGetValue(ids[slot * width], out int following)) break;
            slot = following;
            value *= ids[slot * width + 2] == LegoTokens.Plus ? 1 : -1;
        }
        if (Array.IndexOf(positions, 0) is int orphan and >= 0)
            throw new FormatException($"Clause {orphan} is not connected to the chain that starts at clause {root}.");
        return new LegoSentence(ids.ToArray(), labels, positions);
    }
}
