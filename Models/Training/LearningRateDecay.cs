namespace GraphNav.Models.Training;

/// <summary>What the learning rate does after the linear warmup (see <see cref="LearningRateSchedule"/>).</summary>
public enum LearningRateDecay
{
    /// <summary>Cosine decay from LearningRate to MinLearningRate at step Steps (nanoGPT; the default).</summary>
    Cosine = 0,

    /// <summary>LearningRate held constant to the end: a short run's rate does not decay to the
    /// floor before the slow LEGO chain positions are learned (issue #17's probe).</summary>
    Constant = 1,
}
