namespace GraphNav.Models.Gpt;

/// <summary>
/// Multiply-adds of attention's two products for one sequence of length T, summed over every
/// layer and head: <paramref name="QueryKey"/> the scores q·kᵀ, <paramref name="AttentionValue"/> the
/// mixing att·v. Counted densely over the (query, key) pairs a head can see (T² for an encoder,
/// T(T+1)/2 under a causal mask), HS multiply-adds each.
/// </summary>
public readonly record struct AttentionFlopCount(long QueryKey, long AttentionValue)
{
    /// <summary>Both products together.</summary>
    public long Total => QueryKey + AttentionValue;
}

/// <summary>Counts the attention work a config implies (docs/PHENOMENA.md §3 B5: hard-coded heads skip q·kᵀ).</summary>
public static class AttentionFlops
{
    /// <summary>
    /// Attention multiply-adds of one sequence of length <paramref name="sequence"/>: heads with
    /// learned attention pay for q·kᵀ and att·v; the <see cref="GptConfig.FixedHeads"/> hard-coded
    /// heads only for att·v, so QueryKey shrinks by FixedHeads / Heads. (The softmax and the
    /// projections are not attention products and are not counted.)
    /// </summary>
    /// <exception cref="ArgumentException">sequence is not in [1, ContextLength].</exception>
    public static AttentionFlopCount Count(GptConfig config, int sequence)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (sequence <= 0 || sequence > config.ContextLength)
            throw new ArgumentException($"AttentionFlops.Count: sequence must be in [1, ContextLength = {config.ContextLength}], got {sequence}.", nameof(sequence));
        long pairs = config.Causal ? (long)sequence * (sequence + 1) / 2 : (long)sequence * sequence;
        long perHead = pairs * config.HeadSize * config.Layers;
        return new AttentionFlopCount((config.Heads - config.FixedHeads) * perHead, config.Heads * perHead);
    }
}
