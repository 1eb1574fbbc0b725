namespace GraphNav.Models;

/// <summary>
/// Optional capability of an <see cref="ITokenModel"/>: the matrices docs/PHENOMENA.md A5 reads
/// (token embedding W_E, value projection W_V, attention output projection W_O), so an experiment
/// can score ⟨W_E[s], W_O·W_V·W_E[g] + W_E[c]⟩. Weights follow torch.nn.Linear: y = W·x + b.
/// </summary>
public interface IEmbeddingModel : ITokenModel
{
    /// <summary>C: width of the embeddings and of the residual stream.</summary>
    int EmbeddingChannels { get; }

    /// <summary>Copies W_E [V, C] (row v = embedding of token v) into <paramref name="destination"/>.</summary>
    void CopyTokenEmbedding(Span<float> destination);

    /// <summary>Copies W_V [C, C] of <paramref name="layer"/> (all heads; head h owns output rows
    /// h·HS…(h+1)·HS) and its bias [C]. The value of a LayerNormed input x is W_V·x + b_V.</summary>
    void CopyValueProjection(int layer, Span<float> weight, Span<float> bias);

    /// <summary>Copies W_O [C, C] of <paramref name="layer"/> (attention output projection) and its bias [C].</summary>
    void CopyOutputProjection(int layer, Span<float> weight, Span<float> bias);
}
