namespace GraphNav.Tasks.Formats;

/// <summary>
/// One training or evaluation sequence: <paramref name="Ids"/> is prompt + completion, unpadded;
/// <paramref name="LossFrom"/> is the index in Ids of the first completion token (= prompt length).
/// The loss covers Ids[LossFrom..] only.
/// </summary>
public readonly record struct Example(int[] Ids, int LossFrom)
{
    /// <summary>The prompt (Ids[..LossFrom]).</summary>
    public ReadOnlySpan<int> Prompt => Ids.AsSpan(0, LossFrom);

    /// <summary>The completion (Ids[LossFrom..]).</summary>
    public ReadOnlySpan<int> Completion => Ids.AsSpan(LossFrom);
}
