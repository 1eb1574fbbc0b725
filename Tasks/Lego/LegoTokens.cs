namespace GraphNav.Tasks.Lego;

/// <summary>
/// The LEGO vocabulary. Fixed ids: PAD 0, <c>=</c> 1, <c>,</c> 2, <c>+</c> 3, <c>-</c> 4, the digit
/// <c>1</c> 5, then one id per variable name: name index i → 6 + i. Names are <c>a</c>…<c>z</c> for
/// the first 26 and then carry a round number (<c>a1</c>…<c>z1</c>, <c>a2</c>, …) for larger
/// alphabets. Vocabulary size = 6 + alphabet size.
/// </summary>
public sealed class LegoTokens
{
    /// <summary>Padding after the last clause; never supervised.</summary>
    public const int Pad = 0;

    /// <summary>The <c>=</c> token.</summary>
    public const int Assign = 1;

    /// <summary>The <c>,</c> token that ends every clause (the last one too).</summary>
    public const int Separator = 2;

    /// <summary>The <c>+</c> sign token.</summary>
    public const int Plus = 3;

    /// <summary>The <c>-</c> sign token.</summary>
    public const int Minus = 4;

    /// <summary>The digit token <c>1</c>: the operand of the chain's first clause.</summary>
    public const int One = 5;

    /// <summary>Id of the variable with name index 0; name index i has id FirstVariable + i.</summary>
    public const int FirstVariable = 6;

    private const string Letters = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>Creates the vocabulary for <paramref name="alphabetSize"/> variable names (≥ 2).</summary>
    public LegoTokens(int alphabetSize)
    {
        if (alphabetSize < 2)
            throw new ArgumentOutOfRangeException(nameof(alphabetSize), alphabetSize,
                "The LEGO alphabet needs at least 2 variable names.");
        AlphabetSize = alphabetSize;
    }

    /// <summary>Number of variable names.</summary>
    public int AlphabetSize { get; }

    /// <summary>Number of token ids (6 + alphabet size): the model's input vocabulary.</summary>
    public int VocabSize => FirstVariable + AlphabetSize;

    /// <summary>Id of the variable with name index <paramref name="nameIndex"/> in [0, alphabet).</summary>
    public int Variable(int nameIndex)
    {
        if ((uint)nameIndex >= (uint)AlphabetSize)
            throw new ArgumentOutOfRangeException(nameof(nameIndex), nameIndex,
                $"A variable name index must be in [0, {AlphabetSize}).");
        return FirstVariable + nameIndex;
    }

    /// <summary>True when <paramref name="id"/> is a variable-name token of this vocabulary.</summary>
    public bool IsVariable(int id) => id >= FirstVariable && id < VocabSize;

    /// <summary>The text of a token: <c>&lt;pad&gt;</c>, <c>=</c>, <c>,</c>, <c>+</c>, <c>-</c>, <c>1</c> or a name.</summary>
    public string Text(int id) => id switch
    {
        Pad => "<pad>",
        Assign => "=",
        Separator => ",",
        Plus => "+",
        Minus => "-",
        One => "1",
        _ when IsVariable(id) => NameOf(id - FirstVariable),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id,
            $"Token id {id} is outside the LEGO vocabulary [0, {VocabSize})."),
    };

    /// <summary>The id of a token text (inverse of <see cref="Text"/>).</summary>
    public int Id(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Map.TryGetValue(text, out int id)
            ? id
            : throw new ArgumentException($"'{text}' is not a token of the LEGO vocabulary (alphabet {AlphabetSize}).", nameof(text));
    }

    /// <summary>Token text → id for every token, in id order: the map a task file records.</summary>
    public IReadOnlyDictionary<string, int> Map => _map ??= BuildMap();

    private Dictionary<string, int>? _map;

    private Dictionary<string, int> BuildMap()
    {
        var map = new Dictionary<string, int>(VocabSize, StringComparer.Ordinal);
        for (int id = 0; id < VocabSize; id++) map.Add(Text(id), id);
        return map;
    }

    private static string NameOf(int nameIndex)
    {
        int round = nameIndex / Letters.Length;
        char letter = Letters[nameIndex % Letters.Length];
        return round == 0 ? letter.ToString() : $"{letter}{round}";
    }
}
