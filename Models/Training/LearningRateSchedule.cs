namespace GraphNav.Models.Training;

/// <summary>Linear warmup then cosine decay to a floor (nanoGPT's get_lr) or a constant rate, as a pure function of the step.</summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// Learning rate for 0-based <paramref name="step"/>: LearningRate·(step+1)/WarmupSteps during
    /// warmup; then MinLearningRate + ½(1 + cos(π·r))·(LearningRate − MinLearningRate) with
    /// r = (step − WarmupSteps)/(Steps − WarmupSteps); MinLearningRate from step Steps on.
    /// With <see cref="LearningRateDecay.Constant"/>: LearningRate at every step after warmup.
    /// </summary>
    public static float At(int step, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < config.WarmupSteps)
            return config.LearningRate * (step + 1) / config.WarmupSteps;
        if (config.Decay == LearningRateDecay.Constant)
            return config.LearningRate;
        if (step >= config.Steps)
            return config.MinLearningRate;
        double ratio = (double)(step - config.WarmupSteps) / (config.Steps - config.WarmupSteps);
        double coeff = 0.5 * (1.0 + Math.Cos(Math.PI * ratio));
        return (float)(config.MinLearningRate + coeff * (config.LearningRate - config.MinLearningRate));
    }
}
