namespace GraphNav.Models.Training;

/// <summary>Progress of one optimizer step.</summary>
/// <param name="Step">Steps completed (1 after the first).</param>
/// <param name="Loss">Mean loss of this step's batch over non-ignored targets.</param>
/// <param name="LearningRate">Learning rate used for this step.</param>
/// <param name="GradNorm">Global gradient L2 norm before clipping.</param>
/// <param name="TokensPerSecond">B·T divided by the wall time of the step (forward, backward, update).</param>
public readonly record struct TrainingProgress(int Step, float Loss, float LearningRate, float GradNorm, double TokensPerSecond);
