namespace GraphNav.Models.Gpt;

/// <summary>
/// An extra loss term on a <see cref="GptModel"/>'s attention maps, added to (or replacing) the task
/// loss by <see cref="GptModel.Forward(ReadOnlySpan{int}, ReadOnlySpan{int}, int, int, IAttentionLoss)"/>.
/// The engine calls it at two points only — after the forward, and in each layer's backward right
/// after attention — so a phenomenon's loss (B3's mimicking, <see cref="AttentionMimicLoss"/>) lives
/// beside the engine instead of inside its loops.
/// </summary>
public interface IAttentionLoss
{
    /// <summary>Refuses a model this term cannot apply to; called before the forward runs.</summary>
    /// <exception cref="ArgumentException">The term does not fit <paramref name="config"/>.</exception>
    void Check(GptConfig config);

    /// <summary>The term's loss on the attention of the forward just run (read through
    /// <see cref="GptModel.LastAttention"/>) for ids [B,T].</summary>
    float Forward(GptModel model, ReadOnlySpan<int> ids, int batch, int sequence);

    /// <summary>
    /// Adds the term's gradient for layer <paramref name="layer"/> into dqkv [B,T,3C], given that
    /// layer's qkv [B,T,3C] and attention probabilities att [B,NH,T,T] from the same forward.
    /// </summary>
    void Backward(GptModel model, int layer, Span<float> dqkv, ReadOnlySpan<float> qkv, ReadOnlySpan<float> att);
}
