using GraphNav.Models.Gpt;

namespace GraphNav.Models.Training;

/// <summary>
/// The loss one <see cref="Trainer"/> step minimises: runs the model's forward on inputs/targets
/// [B,T] so that <see cref="GptModel.Backward"/> can follow, and returns the loss.
/// </summary>
public delegate float TrainingLoss(GptModel model, ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch, int sequence);

/// <summary>The losses the project trains with.</summary>
public static class TrainingLosses
{
    /// <summary>The task loss: mean cross-entropy over the non-ignored targets.</summary>
    public static TrainingLoss Task { get; } = (model, inputs, targets, batch, sequence) => model.Forward(inputs, targets, batch, sequence);

    /// <summary>
    /// Attention mimicking pretraining (docs/PHENOMENA.md, B3): only the attention loss toward
    /// <paramref name="targets"/>; the batches' task labels are not used. One target buffer serves every step.
    /// </summary>
    public static TrainingLoss AttentionMimic(IAttentionTargets targets, float weight = 1f)
    {
        var loss = new AttentionMimicLoss(targets, weight);
        return (model, inputs, _, batch, sequence) => model.Forward(inputs, ReadOnlySpan<int>.Empty, batch, sequence, loss);
    }
}
