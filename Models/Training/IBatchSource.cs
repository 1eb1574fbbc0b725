namespace GraphNav.Models.Training;

/// <summary>Supplies training batches; the engine knows nothing of where tokens come from.</summary>
public interface IBatchSource
{
    /// <summary>Fills inputs [B,T] with token ids and targets [B,T] with next-token ids or −1 (ignored).</summary>
    void Next(Span<int> inputs, Span<int> targets, int batch, int sequence);
}

/// <summary>Progress of one optimizer step.</summary>
/// <param name="Step">Steps completed (1 after the first).</param>
/// <param name="Loss">Mean loss of this step's batch over non-ignored targets.</param>
/// <param name="LearningRate">Learning rate used for this step.</param>
/// <param name="GradNorm">Global gradient L2 norm before clipping.</param>
/// <param name="TokensPerSecond">B·T divided by the wall time of the step (forward, backward, update).</param>
public readonly record struct TrainingProgress(int Step, float Loss, float LearningRate, float GradNorm, double TokensPerSecond);
