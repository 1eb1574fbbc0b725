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
/// sentences, stratified by seed); the q·kᵀ work per token of one forward + backward of the two models
/// on the same batch, counted by the engine at its attention dispatch (<see cref="B5QueryKeyWork"/>,
/// Models/Gpt/AttentionWorkCounter) on the models at initialisation, before any training, so it is
/// recorded even when the competence floor fails (Benchmarks/B5AttentionModuleBenchmarks times the same
/// forward + backward). Paper scale only. No external model: B5
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

    /// <summary>The hard-coded variant of <paramref name="plan"/>: the same model and LEGO budget with heads
    /// 0…k−1 of every layer fixed to the maps (<see cref="HardCodedHeads"/>, GptConfig.FixedHeads). A
    /// mimicking phase is dropped: it pulls exactly those heads toward the maps they are fixed to.</summary>
    public static LegoTrainingPlan WithHardCodedHeads(LegoTrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan with { Model = (plan.Model with { FixedHeads = HardCodedHeads }).Validated(), MimicSteps = 0 };
    }

    /// <summary>Training sentences of the batch on which both models' q·kᵀ work is counted (the count is
    /// per token and does not depend on the sentences, so a small batch suffices).</summary>
    public const int WorkBatch = 8;

    /// <summary>The bar's claim on the counted work: hard-coded / vanilla q·kᵀ work = 1 − k/h.</summary>
    public static double ClaimedWorkRatio(int heads) => 1 - (double)HardCodedHeads / heads;

    /// <summary>Parameter saying how the work was counted.</summary>
    public const string WorkMethodParameter = "q_k_work_measured";

    /// <summary>Parameter holding the work claim's verdict, recorded before training (so also when the floor fails).</summary>
    public const string WorkVerdictParameter = "q_k_work_verdict";

    /// <summary>Vanilla: counted q·kᵀ multiply-adds per token.</summary>
    public static readonly MeasureKey VanillaQueryKeyWork = new("vanilla_counted_q_k_multiply_adds_per_token_forward_backward_at_initialisation",
        "vanilla: counted q·kᵀ multiply-adds per token (forward + backward, at initialisation)");

    /// <summary>Hard-coded: counted q·kᵀ multiply-adds per token.</summary>
    public static readonly MeasureKey HardCodedQueryKeyWork = new("hard_coded_counted_q_k_multiply_adds_per_token_forward_backward_at_initialisation",
        "hard-coded: counted q·kᵀ multiply-adds per token (forward + backward, at initialisation)");

    /// <summary>Hard-coded / vanilla counted q·kᵀ work (the bar's claim: 1 − k/h).</summary>
    public static readonly MeasureKey QueryKeyWorkRatio = new("counted_q_k_work_hard_coded_vanilla_at_initialisation",
        "counted q·kᵀ work, hard-coded / vanilla (at initialisation)");

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
