using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B5 (paper B), the whole protocol as data: the LEGO attention module — replacing
/// <see cref="HardCodedHeads"/> of the h heads of every layer by the hard-coded association
/// (same-token) and manipulation (band) maps keeps accuracy while cutting attention work.
/// Per seed: the shared paper-scale encoder (<see cref="PaperLegoModels"/>, "vanilla") and
/// <see cref="WithHardCodedHeads"/> of the same plan (same model size, task, sentences and budget).
/// Measured: accuracy per position of both; mean accuracy on the supervised positions 1…k and the
/// unsupervised positions k+1…n, hard-coded − vanilla paired by test sentence (bootstrap units are
/// sentences, stratified by seed); attention multiply-adds per sequence counted from the two configs
/// (Models/Gpt/AttentionFlops, not timed). Paper scale only. No external model: B5
/// compares two training regimes. The procedure is <see cref="B5LegoAttentionModule"/>;
/// docs/PHENOMENA.md row B5 is the source.
/// </summary>
public static class B5Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "B5";

    /// <summary>Short name.</summary>
    public const string Title = "LEGO attention module";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "Replacing k of h heads by hard-coded association/manipulation maps keeps accuracy while cutting attention FLOPs.";

    /// <summary>Paper scale only (see <see cref="PaperLegoModels.QuickScaleReason"/>).</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.None;

    /// <summary>Why an external model cannot be measured: B5 compares two training regimes.</summary>
    public const string ExternalReason = "B5 compares two training regimes (hard-coded and learned heads on the same budget); one external model file cannot be compared with itself";

    /// <summary>Competence floor: accuracy at each supervised position, both models.</summary>
    public const double Floor = 0.95;

    /// <summary>Each difference's 95% interval must lie inside ±<see cref="Tolerance"/>.</summary>
    public const double Tolerance = 0.02;

    /// <summary>k: heads per layer hard-coded (head 0 same-token / association, head 1 band / manipulation).</summary>
    public const int HardCodedHeads = 2;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"both at the competence floor (≥ {Percent(Floor)} at each supervised position); accuracy within {Points(Tolerance)} points of vanilla on supervised and " +
        $"unsupervised positions (interval of the difference inside ±{Points(Tolerance)}); attention FLOPs lower by k/h of the QK work";

    /// <summary>The vanilla plans (the shared paper-scale encoders).</summary>
    public static LegoPlanFactory Plans { get; } = PaperLegoModels.Plan;

    /// <summary>The hard-coded variant of <paramref name="plan"/>: the same model and budget with heads
    /// 0…k−1 of every layer fixed to the maps (<see cref="HardCodedHeads"/>, GptConfig.FixedHeads).</summary>
    public static LegoTrainingPlan WithHardCodedHeads(LegoTrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan with { Model = (plan.Model with { FixedHeads = HardCodedHeads }).Validated() };
    }

    /// <summary>Vanilla: attention q·kᵀ multiply-adds per sequence.</summary>
    public static readonly MeasureKey VanillaQueryKeyWork = new("vanilla_attention_q_k_multiply_adds_per_sequence", "vanilla: attention q·kᵀ multiply-adds per sequence");

    /// <summary>Hard-coded: attention q·kᵀ multiply-adds per sequence.</summary>
    public static readonly MeasureKey HardCodedQueryKeyWork = new("hard_coded_attention_q_k_multiply_adds_per_sequence", "hard-coded: attention q·kᵀ multiply-adds per sequence");

    /// <summary>Vanilla: all attention multiply-adds per sequence.</summary>
    public static readonly MeasureKey VanillaAttentionWork = new("vanilla_attention_multiply_adds_per_sequence_q_k_att_v", "vanilla: attention multiply-adds per sequence (q·kᵀ + att·v)");

    /// <summary>Hard-coded: all attention multiply-adds per sequence.</summary>
    public static readonly MeasureKey HardCodedAttentionWork = new("hard_coded_attention_multiply_adds_per_sequence_q_k_att_v", "hard-coded: attention multiply-adds per sequence (q·kᵀ + att·v)");

    /// <summary>Fraction of the q·kᵀ work the hard-coded heads save.</summary>
    public static readonly MeasureKey QueryKeySaving = new("q_k_work_saved_fraction", "q·kᵀ work saved (fraction)");

    /// <summary>Vanilla accuracy at chain position {0}.</summary>
    public static readonly MeasureKey VanillaAccuracyAt = new("vanilla_accuracy_at_position_{0}", "vanilla: accuracy at position {0}");

    /// <summary>Hard-coded accuracy at chain position {0}.</summary>
    public static readonly MeasureKey HardCodedAccuracyAt = new("hard_coded_accuracy_at_position_{0}", "hard-coded: accuracy at position {0}");

    /// <summary>Vanilla mean accuracy over positions {0}…{1}.</summary>
    public static readonly MeasureKey VanillaMeanAccuracy = new("vanilla_mean_accuracy_at_positions_{0}_{1}", "vanilla: mean accuracy at positions {0}-{1}");

    /// <summary>Hard-coded mean accuracy over positions {0}…{1}.</summary>
    public static readonly MeasureKey HardCodedMeanAccuracy = new("hard_coded_mean_accuracy_at_positions_{0}_{1}", "hard-coded: mean accuracy at positions {0}-{1}");

    /// <summary>Hard-coded − vanilla mean accuracy over positions {0}…{1}, paired by sentence.</summary>
    public static readonly MeasureKey Difference = new("hard_coded_vanilla_mean_accuracy_at_positions_{0}_{1}", "hard-coded − vanilla, mean accuracy at positions {0}-{1}");
}
