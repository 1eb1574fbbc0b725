using System.Text.Json.Serialization;

namespace GraphNav.Models.Training;

/// <summary>Optimisation settings (nanoGPT's train.py globals as a record; one comment per field).</summary>
public sealed record TrainingConfig
{
    /// <summary>Optimizer steps to run in total (also where the cosine decay ends).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>B: sequences per step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>T: tokens per sequence in every batch; 0 means the model's ContextLength.</summary>
    public int SequenceLength { get; init; }

    /// <summary>Peak learning rate, reached at the end of warmup.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Learning rate at and after the last step (floor of the cosine decay).</summary>
    public float MinLearningRate { get; init; } = 1e-4f;

    /// <summary>Steps of linear warmup from LearningRate/WarmupSteps up to LearningRate.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>After warmup: cosine decay (default) or a constant rate. Left out of the JSON when Cosine
    /// so configs, cache keys and checkpoints written before the field existed are unchanged.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [JsonConverter(typeof(JsonStringEnumConverter<LearningRateDecay>))]
    public LearningRateDecay Decay { get; init; }

    /// <summary>Decoupled (AdamW) weight decay, applied to weight matrices only (see AdamW).</summary>
    public float WeightDecay { get; init; } = 0.1f;

    /// <summary>Adam β₁: decay of the first-moment (mean) estimate.</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam β₂ = 0.99, nanoGPT's choice for small models with few tokens per step: the
    /// second-moment estimate averages ~100 steps, which tames noisy gradients of tiny batches
    /// better than 0.95 and adapts faster than PyTorch's 0.999 over short runs.</summary>
    public float Beta2 { get; init; } = 0.99f;

    /// <summary>Adam ε added to √v̂ in the denominator.</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>Clip the global L2 norm of all gradients to this value (0 = no clipping).</summary>
    public float GradClip { get; init; } = 1f;

    /// <summary>Threads for the model's kernels (results are identical for every count).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Seed of the model's initialisation when the trainer creates the model.</summary>
    public ulong Seed { get; init; }

    /// <summary>Returns this config, or throws ArgumentException naming the first invalid field.</summary>
    public TrainingConfig Validated()
    {
        if (Steps < 0) throw new ArgumentException($"TrainingConfig.Steps must be ≥ 0, got {Steps}.");
        if (BatchSize <= 0) throw new ArgumentException($"TrainingConfig.BatchSize must be positive, got {BatchSize}.");
        if (SequenceLength < 0) throw new ArgumentException($"TrainingConfig.SequenceLength must be ≥ 0, got {SequenceLength}.");
        if (!(LearningRate >= 0) || !(MinLearningRate >= 0) || MinLearningRate > LearningRate)
            throw new ArgumentException($"TrainingConfig needs 0 ≤ MinLearningRate ({MinLearningRate}) ≤ LearningRate ({LearningRate}).");
        if (!Enum.IsDefined(Decay)) throw new ArgumentException($"TrainingConfig.Decay must be Cosine or Constant, got {(int)Decay}.");
        if (WarmupSteps < 0) throw new ArgumentException($"TrainingConfig.WarmupSteps must be ≥ 0, got {WarmupSteps}.");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"TrainingConfig.WeightDecay must be ≥ 0, got {WeightDecay}.");
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1))
            throw new ArgumentException($"TrainingConfig betas must be in [0, 1), got Beta1 {Beta1}, Beta2 {Beta2}.");
        if (!(Epsilon > 0)) throw new ArgumentException($"TrainingConfig.Epsilon must be positive, got {Epsilon}.");
        if (!(GradClip >= 0)) throw new ArgumentException($"TrainingConfig.GradClip must be ≥ 0, got {GradClip}.");
        if (Threads <= 0) throw new ArgumentException($"TrainingConfig.Threads must be positive, got {Threads}.");
        return this;
    }
}
