namespace GraphNav.Models.Gpt;

/// <summary>
/// The maps of a model's hard-coded heads 0…<see cref="GptConfig.FixedHeads"/>−1 (docs/PHENOMENA.md,
/// B5): the engine asks for them once per sequence and layer and only mixes values with them, so
/// which maps they are is decided here, beside the engine, not in its loops.
/// </summary>
public interface IAttentionMapProvider
{
    /// <summary>Writes the [T, T] row-stochastic map of hard-coded head <paramref name="head"/> for one
    /// sequence of <paramref name="ids"/> [T] into <paramref name="map"/> (row = query, column = key).</summary>
    void Fill(int head, ReadOnlySpan<int> ids, Span<float> map);
}
