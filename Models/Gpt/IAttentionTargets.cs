namespace GraphNav.Models.Gpt;

/// <summary>One attention head: <paramref name="Layer"/> (block application 0…L−1) and <paramref name="Head"/> (0…NH−1).</summary>
public readonly record struct AttentionHead(int Layer, int Head);

/// <summary>
/// Target attention maps for attention mimicking (docs/PHENOMENA.md §3 B3): which heads are trained toward a
/// map, and the map of each for a batch of ids. Used by
/// <see cref="GptModel.Forward(ReadOnlySpan{int}, ReadOnlySpan{int}, int, int, IAttentionTargets, float)"/>.
/// </summary>
public interface IAttentionTargets
{
    /// <summary>The heads that have targets; each at most once.</summary>
    IReadOnlyList<AttentionHead> Heads { get; }

    /// <summary>Writes the target maps of <paramref name="head"/> for ids [B,T] into targets [B,T,T];
    /// every row must be row-stochastic (non-negative, summing to 1).</summary>
    void Fill(AttentionHead head, ReadOnlySpan<int> ids, int batch, int sequence, Span<float> targets);
}
