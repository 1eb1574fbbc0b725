namespace GraphNav.Models.Gpt;

/// <summary>
/// Mimicking targets of the LEGO paper (docs/PHENOMENA.md §3 B3): heads 0…k−1 of every layer toward the
/// <see cref="FixedAttentionMaps"/> — even heads the same-token (association) map, odd heads the band
/// (manipulation) map, the same layout <see cref="GptConfig.FixedHeads"/> hard-codes.
/// </summary>
public sealed class FixedMapTargets : IAttentionTargets
{
    private readonly AttentionHead[] _heads;

    /// <summary>Targets for heads 0…<paramref name="headsPerLayer"/>−1 of each of <paramref name="layers"/> layers.</summary>
    /// <exception cref="ArgumentException">layers or headsPerLayer is not positive.</exception>
    public FixedMapTargets(int layers, int headsPerLayer = 2)
    {
        if (layers <= 0) throw new ArgumentException($"FixedMapTargets: layers must be positive, got {layers}.", nameof(layers));
        if (headsPerLayer <= 0) throw new ArgumentException($"FixedMapTargets: headsPerLayer must be positive, got {headsPerLayer}.", nameof(headsPerLayer));
        _heads = new AttentionHead[layers * headsPerLayer];
        for (int l = 0; l < layers; l++)
            for (int h = 0; h < headsPerLayer; h++)
                _heads[l * headsPerLayer + h] = new AttentionHead(l, h);
    }

    /// <inheritdoc />
    public IReadOnlyList<AttentionHead> Heads => _heads;

    /// <inheritdoc />
    public void Fill(AttentionHead head, ReadOnlySpan<int> ids, int batch, int sequence, Span<float> targets)
    {
        int tt = sequence * sequence;
        if (ids.Length < batch * sequence || targets.Length < batch * tt)
            throw new ArgumentException($"FixedMapTargets.Fill needs ids [B,T] = {batch * sequence} and targets [B,T,T] = {batch * tt} values, got {ids.Length} and {targets.Length}.");
        for (int b = 0; b < batch; b++)
        {
            var map = targets.Slice(b * tt, tt);
            if (b > 0 && !FixedAttentionMaps.IsSameTokenHead(head.Head))
                targets[..tt].CopyTo(map); // the band does not depend on the ids
            else
                FixedAttentionMaps.ForHead(head.Head, ids.Slice(b * sequence, sequence), map);
        }
    }
}
