namespace GraphNav.Tasks.Formats;

/// <summary>How a (start, goal) query is answered (docs/PHENOMENA.md §1).</summary>
public enum SequenceFormat
{
    /// <summary>Prompt <c>goal start :</c>, completion <c>start x1 … goal END</c>; <c>NOPATH END</c> if unreachable.</summary>
    Stepwise,

    /// <summary>Prompt <c>goal start :</c>, completion <c>PATH END</c> or <c>NOPATH END</c> (A1).</summary>
    Direct,
}
