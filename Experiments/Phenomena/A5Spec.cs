using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Results;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using GraphNav.Tasks;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A5 (paper A), the whole protocol as data: in a 1-layer, 1-head attention-only model an inner-product
/// score of each successor falls with its distance to the goal, and walking to the best-scoring
/// successor navigates almost as well as the model. Per seed, the attention-only model (C 128, final
/// LayerNorm, tied head; <see cref="Plan"/>) on the Bernoulli task. On every step (current c, goal g)
/// of every valid greedy path of a held-out pair: Spearman ρ between the scores of c's successors
/// (<see cref="A5SuccessorScores"/>) and their distance to g (ρ_all with unreachable successors at ∞,
/// ρ_reach over ≥ 3 reachable successors). Surrogate walks from every held-out reachable pair with the
/// plain score and with the score whose goal and current terms are weighted by the model's attention
/// on those tokens at that step. Bootstrap units are held-out pairs (a pair carries all its steps),
/// within seed. Quick scale does not clear the bar (the surrogate navigates worse than the model), so
/// it is runnable by name only. The procedure is <see cref="A5DistanceMechanism"/>; docs/PHENOMENA.md
/// row A5 is the source.
/// </summary>
public static class A5Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "A5";

    /// <summary>Short name.</summary>
    public const string Title = "distance mechanism";

    /// <summary>The paper's claim.</summary>
    public const string Claim =
        "In a 1-layer, 1-head attention-only model, ⟨W_E[s], W_O·W_V·W_E[goal] + W_E[current]⟩ falls as successor s's distance to the goal grows; " +
        "moving to the highest-scoring successor navigates almost as well as the model.";

    /// <summary>Measured at quick scale, where it does not clear its bar: runnable by name.</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.Explicit;

    /// <summary>Competence floor: greedy validity on held-out reachable pairs.</summary>
    public const double Floor = 0.90;

    /// <summary>The median ρ_all must be at most this.</summary>
    public const double RhoBar = -0.5;

    /// <summary>The best surrogate must navigate at least this often, and at most <see cref="SurrogateMargin"/> below the model.</summary>
    public const double SurrogateFloor = 0.85, SurrogateMargin = 0.05;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"competence floor (≥ {Percent(Floor)} valid at T=0); median ρ_all ≤ {Signed(RhoBar)} (ρ_reach printed beside it); " +
        $"best surrogate validity ≥ model validity − {Points(SurrogateMargin)} points and ≥ {Percent(SurrogateFloor)} (means over seeds)";

    /// <summary>A threshold as the prose writes it, with a true minus sign (e.g. "−0.5").</summary>
    internal static string Signed(double value) => Number(value).Replace('-', '−');

    /// <summary>Batch size of the A5 model's training.</summary>
    public const int BatchSize = 64;

    /// <summary>Peak learning rate (100 warmup steps, cosine to a tenth).</summary>
    public const float LearningRate = 3e-3f;

    /// <summary>Task preset per scale.</summary>
    public static string TaskPreset(Scale scale) => scale == Scale.Quick ? "bernoulli-quick" : "bernoulli-paper";

    /// <summary>Optimizer steps per scale at batch 64 × context 32 (2,048 tokens a step): 1,250 steps = 2.56M tokens at quick scale.</summary>
    public static int Steps(Scale scale) => scale == Scale.Quick ? 1250 : 5000;

    /// <summary>The training plan of one seed: the A5 attention-only model, AdamW at 3e-3 with cosine decay to 3e-4.</summary>
    public static GraphTrainingPlan Plan(Scale scale, int seed, int threads)
    {
        var task = TaskPresets.Create(TaskPreset(scale), seed);
        var model = GptConfig.AttentionOnlyA5(task.Tokens.VocabularySize, task.ContextLength);
        var training = new TrainingConfig
        {
            Steps = Steps(scale),
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            MinLearningRate = LearningRate / 10,
            WarmupSteps = 100,
            Threads = threads,
            Seed = (ulong)seed,
        };
        return new GraphTrainingPlan(task, model, training, seed);
    }

    /// <summary>Model validity at T=0.</summary>
    public static readonly MeasureKey Validity = new("model_validity_t0", $"model validity at T=0 (floor {TwoDecimals(Floor)})");

    /// <summary>Median ρ_all of the plain score (the bar's ρ).</summary>
    public static readonly MeasureKey RhoAll = new("median_rho_all_plain", $"median ρ_all, plain score (bar ≤ {Signed(RhoBar)})");

    /// <summary>Median ρ_reach of the plain score.</summary>
    public static readonly MeasureKey RhoReach = new("median_rho_reach_plain", "median ρ_reach, plain score (≥ 3 reachable successors)");

    /// <summary>Median ρ_all of the attention-weighted score.</summary>
    public static readonly MeasureKey RhoAllWeighted = new("median_rho_all_weighted", "median ρ_all, attention-weighted score");

    /// <summary>Median ρ_reach of the attention-weighted score.</summary>
    public static readonly MeasureKey RhoReachWeighted = new("median_rho_reach_weighted", "median ρ_reach, attention-weighted score");

    /// <summary>Mean attention on the goal token.</summary>
    public static readonly MeasureKey AttentionGoal = new("attention_goal", "mean attention on the goal token");

    /// <summary>Mean attention on the current token.</summary>
    public static readonly MeasureKey AttentionCurrent = new("attention_current", "mean attention on the current token");

    /// <summary>How often the plain score's best successor is the model's next node.</summary>
    public static readonly MeasureKey PlainAgrees = new("plain_argmax_agrees", "plain-score argmax = model's next node (steps of valid paths)");

    /// <summary>How often the weighted score's best successor is the model's next node.</summary>
    public static readonly MeasureKey WeightedAgrees = new("weighted_argmax_agrees", "weighted-score argmax = model's next node (steps of valid paths)");

    /// <summary>Validity of the plain-score walk.</summary>
    public static readonly MeasureKey PlainSurrogate = new("surrogate_validity_plain", "surrogate validity, plain score");

    /// <summary>Validity of the attention-weighted walk.</summary>
    public static readonly MeasureKey WeightedSurrogate = new("surrogate_validity_weighted", "surrogate validity, attention-weighted score");

    /// <summary>Plain walk minus model validity (paired on pairs).</summary>
    public static readonly MeasureKey PlainGap = new("plain_surrogate_minus_model", "plain surrogate − model validity");

    /// <summary>Weighted walk minus model validity (paired on pairs).</summary>
    public static readonly MeasureKey WeightedGap = new("weighted_surrogate_minus_model", "weighted surrogate − model validity");

    /// <summary>
    /// The paper's reading (issue #18): its mechanism passes both the goal and the current node through
    /// the value path, a_g·W_O·W_V·W_E[goal] + a_c·W_O·W_V·W_E[current] with the model's attention a, and
    /// the walk on that score must navigate within the same margin of the model and above the same floor.
    /// </summary>
    public static string PaperReading =>
        $"competence floor; the value-path surrogate ⟨W_E[s], a_g·W_O·W_V·W_E[goal] + a_c·W_O·W_V·W_E[current]⟩ (attention-weighted) navigates " +
        $"≥ model validity − {Points(SurrogateMargin)} points and ≥ {Percent(SurrogateFloor)} (means over seeds)";

    /// <summary>Validity of the paper's value-path walk.</summary>
    public static readonly MeasureKey PaperSurrogate = new("surrogate_validity_value_path", "surrogate validity, value-path score (paper's reading)");

    /// <summary>Paper's walk minus model validity (paired on pairs).</summary>
    public static readonly MeasureKey PaperGap = new("value_path_surrogate_minus_model", "value-path surrogate − model validity (paper's reading)");

    /// <summary>
    /// Validity of the restricted-attention control (issue #18, <see cref="A5RestrictedAttention"/>): the
    /// model's own forward with the decision position's attention kept only on the goal token's and the
    /// current node's positions and renormalised, decoded greedily like the model. Printed evidence, not a bar.
    /// </summary>
    public static readonly MeasureKey RestrictedValidity = new("restricted_control_validity_t0",
        "restricted-attention control validity at T=0 (the model, attention only on {goal, current}, renormalised)");

    /// <summary>How often the restricted control's greedy completion is a misstep (a non-edge, e.g. the current node again).</summary>
    public static readonly MeasureKey RestrictedMisstep = new("restricted_control_missteps_t0", "restricted control: missteps at T=0 (non-edges, e.g. the current node repeated)");

    /// <summary>Successor walk (the surrogates' rule) on the restricted control's next-token logits.</summary>
    public static readonly MeasureKey RestrictedWalk = new("restricted_control_successor_walk", "restricted control, successor walk (argmax logit over successors, as the surrogates walk)");

    /// <summary>Successor walk (the surrogates' rule) on the model's own next-token logits.</summary>
    public static readonly MeasureKey ModelWalk = new("model_successor_walk", "model, successor walk (argmax logit over successors, as the surrogates walk)");

    /// <summary>Restricted control minus model, both decoded greedily (paired on pairs).</summary>
    public static readonly MeasureKey RestrictedMinusModel = new("restricted_control_minus_model", "restricted control − model validity (attention outside {goal, current})");

    /// <summary>The restricted control's successor walk minus its greedy decoding (paired on pairs).</summary>
    public static readonly MeasureKey RestrictedWalkMinusRestricted = new("restricted_walk_minus_restricted_control", "restricted control: successor walk − greedy decoding (the walk rule)");

    /// <summary>Value-path surrogate minus the restricted control's successor walk (paired on pairs).</summary>
    public static readonly MeasureKey ValuePathMinusRestrictedWalk = new("value_path_surrogate_minus_restricted_walk",
        "value-path surrogate − restricted control's successor walk (the rest of the forward: positions, biases, LayerNorms, readout)");

    /// <summary>The model's successor walk minus its greedy decoding (paired on pairs).</summary>
    public static readonly MeasureKey ModelWalkMinusModel = new("model_walk_minus_model", "model: successor walk − greedy decoding (the walk rule)");

    /// <summary>Restricted control's successor walk minus the model's (paired on pairs).</summary>
    public static readonly MeasureKey RestrictedWalkMinusModelWalk = new("restricted_walk_minus_model_walk", "successor walks: restricted control − model (attention outside {goal, current})");

    /// <summary>Per seed {0}: the restricted control's validity.</summary>
    public static readonly MeasureKey SeedRestricted = new("seed_{0}_restricted_control_validity", "seed {0}: restricted control validity");

    /// <summary>Per seed {0}: the restricted control's successor walk.</summary>
    public static readonly MeasureKey SeedRestrictedWalk = new("seed_{0}_restricted_control_successor_walk", "seed {0}: restricted control successor walk");

    /// <summary>Per seed {0}: the unrestricted control against the engine (the control is the model).</summary>
    public static readonly MeasureKey SeedUnrestrictedDifference = new("seed_{0}_unrestricted_control_max_logit_difference",
        "seed {0}: unrestricted control vs the engine's forward, max |logit difference| over the greedy sequences");

    /// <summary>Per seed {0}: the engine's largest |logit| over the same sequences (the scale of that difference).</summary>
    public static readonly MeasureKey SeedLargestLogit = new("seed_{0}_largest_abs_logit", "seed {0}: the engine's largest |logit| over the same sequences");

    /// <summary>Per seed {0}: the paper's surrogate validity.</summary>
    public static readonly MeasureKey SeedPaper = new("seed_{0}_surrogate_value_path", "seed {0}: surrogate validity value-path");

    /// <summary>Per seed {0}: held-out reachable pairs.</summary>
    public static readonly MeasureKey SeedPairs = new("seed_{0}_pairs", "seed {0}: held-out reachable pairs");

    /// <summary>Per seed {0}: (current, goal) steps with ρ_all defined.</summary>
    public static readonly MeasureKey SeedSteps = new("seed_{0}_rho_steps", "seed {0}: (current, goal) steps with ρ_all defined");

    /// <summary>Per seed {0}: model validity.</summary>
    public static readonly MeasureKey SeedValidity = new("seed_{0}_model_validity", "seed {0}: model validity");

    /// <summary>Per seed {0}: median ρ_all.</summary>
    public static readonly MeasureKey SeedRhoAll = new("seed_{0}_median_rho_all", "seed {0}: median ρ_all");

    /// <summary>Per seed {0}: median ρ_reach.</summary>
    public static readonly MeasureKey SeedRhoReach = new("seed_{0}_median_rho_reach", "seed {0}: median ρ_reach");

    /// <summary>Per seed {0}: plain surrogate validity.</summary>
    public static readonly MeasureKey SeedPlain = new("seed_{0}_surrogate_plain", "seed {0}: surrogate validity plain");

    /// <summary>Per seed {0}: weighted surrogate validity.</summary>
    public static readonly MeasureKey SeedWeighted = new("seed_{0}_surrogate_weighted", "seed {0}: surrogate validity weighted");
}
