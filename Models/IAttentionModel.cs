namespace GraphNav.Models;

/// <summary>Optional capability of an <see cref="ITokenModel"/>: its attention probabilities.</summary>
public interface IAttentionModel : ITokenModel
{
    /// <summary>Number of attention layers.</summary>
    int AttentionLayers { get; }

    /// <summary>Heads per layer (NH).</summary>
    int AttentionHeads { get; }

    /// <summary>
    /// Runs the model on ids [B,T] and writes the softmax attention probabilities of
    /// <paramref name="layer"/> to maps [B,NH,T,T] (row t: how position t attends to each t2; zeros
    /// at masked positions).
    /// </summary>
    void AttentionMaps(ReadOnlySpan<int> ids, int batch, int sequence, int layer, Span<float> maps);
}
