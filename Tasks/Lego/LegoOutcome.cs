namespace GraphNav.Tasks.Lego;

/// <summary>
/// A model's answers on one sentence — the evaluation unit of the bootstrap (docs/PHENOMENA.md §0).
/// Everything is indexed by 1-based chain position (not sentence order). Labels are 1 for +1,
/// 0 for −1.
/// </summary>
public sealed class LegoOutcome
{
    private readonly int[] _predicted; // [n] chain order
    private readonly int[] _truth;     // [n] chain order
    private readonly int[] _shortcut;  // [n] chain order

    internal LegoOutcome(int[] predicted, int[] truth, int[] shortcut)
    {
        _predicted = predicted;
        _truth = truth;
        _shortcut = shortcut;
    }

    /// <summary>n: chain positions scored.</summary>
    public int Variables => _truth.Length;

    /// <summary>The model's label at 1-based chain position <paramref name="chainPosition"/>.</summary>
    public int Predicted(int chainPosition) => _predicted[Index(chainPosition)];

    /// <summary>The true label at <paramref name="chainPosition"/>.</summary>
    public int Truth(int chainPosition) => _truth[Index(chainPosition)];

    /// <summary>The shortcut label at <paramref name="chainPosition"/> (see <see cref="LegoShortcutProbe"/>).</summary>
    public int Shortcut(int chainPosition) => _shortcut[Index(chainPosition)];

    /// <summary>Whether the model is right at <paramref name="chainPosition"/>.</summary>
    public bool IsCorrect(int chainPosition) => Predicted(chainPosition) == Truth(chainPosition);

    /// <summary>Whether the model's answer equals the shortcut label at <paramref name="chainPosition"/>.</summary>
    public bool AgreesWithShortcut(int chainPosition) => Predicted(chainPosition) == Shortcut(chainPosition);

    private int Index(int chainPosition) =>
        chainPosition >= 1 && chainPosition <= _truth.Length
            ? chainPosition - 1
            : throw new ArgumentOutOfRangeException(nameof(chainPosition), chainPosition,
                $"Chain positions run from 1 to {_truth.Length}.");
}
