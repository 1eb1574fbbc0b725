using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GraphNav.Experiments.Training;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego.Recipe;

/// <summary>
/// One candidate of the LEGO recipe search (issue #17): task size, encoder shape and optimisation
/// settings. <see cref="Plan"/> turns it into the engine plan of one seed (the seed draws the
/// initialisation, the training stream and the test set). The defaults are the issue's probe:
/// n 6, k 3, 4 layers × 128, 4 heads, batch 256, AdamW lr 1e-3 constant after 200 warmup steps
/// (PyTorch's AdamW betas and weight decay), embedding LayerNorm, fresh sentences every step, 3500 steps.
/// </summary>
public sealed record LegoRecipe
{
    /// <summary>n: variables (clauses) per sentence.</summary>
    public int Variables { get; init; } = 6;

    /// <summary>k: supervised chain positions 1…k (the floor is ≥ 95% on each of them).</summary>
    public int SupervisedPositions { get; init; } = 3;

    /// <summary>L: transformer blocks.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>C: width of the residual stream.</summary>
    public int Channels { get; init; } = 128;

    /// <summary>NH: attention heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>One block applied Layers times (ALBERT-style tying across depth).</summary>
    public bool ShareLayers { get; init; }

    /// <summary>LayerNorm on the summed token + position embeddings (BERT).</summary>
    public bool EmbeddingLayerNorm { get; init; } = true;

    /// <summary>How the seed draws the weights: GPT-2's (residual projections scaled by 1/√(2L)) or
    /// BERT's (every matrix N(0, 0.02)). Left out of recipe.json when Gpt2, so earlier folders still match.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [JsonConverter(typeof(JsonStringEnumConverter<GptInitialization>))]
    public GptInitialization Initialization { get; init; }

    /// <summary>Std of the token and position embeddings at init (null = 0.02, both schemes'; PyTorch's
    /// nn.Embedding default is 1). Left out of recipe.json when null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? EmbeddingInitStd { get; init; }

    /// <summary>B3's official-style mimicking phase before the LEGO training: this many KL steps pulling
    /// heads 0 and 1 of every layer toward the same-token and band maps
    /// (<see cref="LegoTrainingPlan.MimicSteps"/>). 0 (default, left out of recipe.json): random init.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MimicSteps { get; init; }

    /// <summary>A curriculum over n: the LEGO training of seed S starts from the encoder in this checkpoint
    /// ("{seed}" in the path becomes S; e.g. a smaller n's <c>seed-{seed}/checkpoint.safetensors</c>) instead
    /// of a fresh one (<see cref="LegoWarmStart"/>: same layers, width and heads, the position table tiled to
    /// the longer sentences). Excludes <see cref="MimicSteps"/>. Null (default, left out of recipe.json): none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WarmStart { get; init; }

    /// <summary>Sentences per step.</summary>
    public int Batch { get; init; } = 256;

    /// <summary>Optimizer steps.</summary>
    public int Steps { get; init; } = 3500;

    /// <summary>Peak learning rate (reached at the end of warmup).</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Linear warmup steps.</summary>
    public int WarmupSteps { get; init; } = 200;

    /// <summary>After warmup: constant or cosine to a tenth of the peak.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<LearningRateDecay>))]
    public LearningRateDecay Decay { get; init; } = LearningRateDecay.Constant;

    /// <summary>AdamW decoupled weight decay (PyTorch's default 0.01).</summary>
    public float WeightDecay { get; init; } = 0.01f;

    /// <summary>Adam β₂ (PyTorch's default 0.999).</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Global gradient-norm clip (0 = none).</summary>
    public float GradClip { get; init; } = 1f;

    /// <summary>Data regime: 0 = fresh sentences every step; &gt; 0 = a fixed set of this many
    /// sentences, cycled in order (epochs).</summary>
    public int TrainSize { get; init; }

    /// <summary>Sentences of the held-out test set the per-position accuracy is measured on.</summary>
    public int TestSize { get; init; } = 1000;

    /// <summary>Throws ArgumentException naming the first field out of range (via the plan it builds).</summary>
    public LegoRecipe Validated()
    {
        _ = Plan(0, threads: 1);
        return this;
    }

    /// <summary>The engine plan of seed <paramref name="seed"/> (validated); <paramref name="order"/>: the
    /// clause order of the training and test sentences (shuffled, as the official generator; ordered for B6b).</summary>
    public LegoTrainingPlan Plan(int seed, int threads, ClauseOrder order = ClauseOrder.Shuffled)
    {
        var task = LegoSpec.Create(Variables, SupervisedPositions, shuffled: order == ClauseOrder.Shuffled, seed: seed, trainSize: TrainSize, testSize: TestSize);
        var model = LegoTrainingPlan.EncoderModel(task, Layers, Channels, Heads, ShareLayers, EmbeddingLayerNorm)
            with { Initialization = Initialization, EmbeddingInitStd = EmbeddingInitStd };
        var training = new TrainingConfig
        {
            Steps = Steps,
            BatchSize = Batch,
            SequenceLength = task.ContextLength,
            LearningRate = LearningRate,
            MinLearningRate = Decay == LearningRateDecay.Constant ? LearningRate : LearningRate / 10,
            WarmupSteps = WarmupSteps,
            Decay = Decay,
            WeightDecay = WeightDecay,
            Beta2 = Beta2,
            GradClip = GradClip,
            Threads = threads,
            Seed = (ulong)seed,
        }.Validated();
        if (TestSize < 1) throw new ArgumentException($"LEGO recipe: TestSize must be ≥ 1, got {TestSize}.");
        // Resuming from checkpoints is the engine's; the recipe search always runs on it.
        if (MimicSteps < 0) throw new ArgumentException($"LEGO recipe: MimicSteps must be ≥ 0, got {MimicSteps}.");
        // The plan's own checks (warm start and mimicking exclusive, heads to mimic) before anything trains.
        return new LegoTrainingPlan(task, model, training)
        {
            Backend = TrainingBackend.Engine,
            MimicSteps = MimicSteps,
            WarmStart = WarmStartPath(seed),
        }.Checked();
    }

    /// <summary>The warm-start checkpoint of <paramref name="seed"/> (<see cref="WarmStart"/> with "{seed}" replaced), or null.</summary>
    public string? WarmStartPath(int seed) => WarmStart?.Replace("{seed}", seed.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The recipe as indented JSON (written beside its logs).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>One line for logs and tables: the settings that differ between candidates.</summary>
    public string Describe() =>
        $"n {Variables}, k {SupervisedPositions}, {Layers} × {Channels}, {Heads} heads{(ShareLayers ? ", shared layers" : "")}, " +
        $"emb-LN {(EmbeddingLayerNorm ? "on" : "off")}{(Initialization == GptInitialization.Gpt2 ? "" : ", BERT init")}{(EmbeddingInitStd is { } e ? $", embeddings N(0, {e:G3})" : "")}{(MimicSteps > 0 ? $", {MimicSteps} mimicking steps first" : "")}{(WarmStart is null ? "" : $", warm start from {WarmStart}")}, batch {Batch}, lr {LearningRate:G3} {Decay.ToString().ToLowerInvariant()} after {WarmupSteps} warmup, " +
        $"wd {WeightDecay:G3}, β₂ {Beta2:G3}, clip {GradClip:G3}, {(TrainSize == 0 ? "fresh sentences" : $"fixed set of {TrainSize}")}, {Steps} steps";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
