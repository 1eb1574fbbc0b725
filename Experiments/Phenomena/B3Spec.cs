using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B3 (paper B), the whole protocol as data: pre-training two heads per layer toward the association
/// and manipulation maps ("mimicking") improves extrapolation over random initialisation.
/// Per seed, the two <see cref="Arms"/> of the shared paper-scale plan (<see cref="PaperLegoModels.Plan"/>):
/// mimicked — the official-style separate phase of <see cref="LegoTrainingPlan.MimicSteps"/> KL steps
/// pulling heads 0 and 1 of every layer toward the same-token and band maps, then the full LEGO budget
/// (at the CPU paper scale the shared plan is this arm) — and random init: the identical LEGO training
/// (same steps, batches and sentences) without the phase. Measured: accuracy per position of both; mean accuracy
/// over the unsupervised positions k+1…n, mimic − random paired by test sentence (bootstrap units are
/// sentences, stratified by seed); how far heads 0/1 sit from the maps after LEGO training (mean row
/// KL, mean over seeds). Paper scale only. No external model: B3 compares two training regimes. The
/// procedure is <see cref="B3AttentionMimicking"/>; docs/PHENOMENA.md row B3 is the source.
/// </summary>
public static class B3Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "B3";

    /// <summary>Short name.</summary>
    public const string Title = "structured attention (mimicking)";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "Pre-training two heads per layer toward the association and manipulation maps improves extrapolation over random init.";

    /// <summary>Paper scale only (see <see cref="PaperLegoModels.QuickScaleReason"/>).</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.None;

    /// <summary>Why an external model cannot be measured: B3 compares two training regimes.</summary>
    public const string ExternalReason = "B3 compares two training regimes (mimicking pre-training and random initialisation on the same LEGO budget); one external model file cannot be compared with itself";

    /// <summary>Competence floor: accuracy at each supervised position, both models.</summary>
    public const double Floor = 0.95;

    /// <summary>Minimum mimic − random mean accuracy on the unsupervised positions (its interval must also exclude 0).</summary>
    public const double MinimumGain = 0.05;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"both competent (≥ {Percent(Floor)} at each supervised position); mimic − random ≥ {Points(MinimumGain)} points on mean accuracy at unsupervised positions, interval excluding 0";

    /// <summary>The plans: the shared paper-scale encoders (at the CPU paper scale they begin with the mimicking phase).</summary>
    public static LegoPlanFactory Plans { get; } = PaperLegoModels.Plan;

    /// <summary>Length of the mimicking phase given to a plan that has none (the official code's 1000 steps).</summary>
    public const int OfficialMimicSteps = PaperLegoModels.MimicSteps;

    /// <summary>B3's two arms of <paramref name="plan"/>: mimicked — the plan itself when it begins with a
    /// mimicking phase, else the plan with <see cref="OfficialMimicSteps"/> of it — and random init, the
    /// same plan without one. Both run the plan's LEGO training unchanged.</summary>
    public static (LegoTrainingPlan Mimicked, LegoTrainingPlan Random) Arms(LegoTrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return (plan.MimicSteps > 0 ? plan : plan with { MimicSteps = OfficialMimicSteps }, plan with { MimicSteps = 0 });
    }

    /// <summary>Random-init accuracy at chain position {0}.</summary>
    public static readonly MeasureKey RandomAccuracyAt = new("random_init_accuracy_at_position_{0}", "random init: accuracy at position {0}");

    /// <summary>Mimicked accuracy at chain position {0}.</summary>
    public static readonly MeasureKey MimicAccuracyAt = new("mimicked_accuracy_at_position_{0}", "mimicked: accuracy at position {0}");

    /// <summary>Random init: mean row KL of heads 0/1 to the maps after LEGO training.</summary>
    public static readonly MeasureKey RandomMapDistance = new("random_init_heads_0_1_kl_to_the_maps_after_training_nats_per_row",
        "random init: heads 0/1 KL to the maps after training (nats per row)");

    /// <summary>Mimicked: mean row KL of heads 0/1 to the maps after LEGO training.</summary>
    public static readonly MeasureKey MimicMapDistance = new("mimicked_heads_0_1_kl_to_the_maps_after_training_nats_per_row",
        "mimicked: heads 0/1 KL to the maps after training (nats per row)");

    /// <summary>Random-init mean accuracy over positions {0}…{1}.</summary>
    public static readonly MeasureKey RandomMeanAccuracy = new("random_init_mean_accuracy_at_positions_{0}_{1}", "random init: mean accuracy at positions {0}-{1}");

    /// <summary>Mimicked mean accuracy over positions {0}…{1}.</summary>
    public static readonly MeasureKey MimicMeanAccuracy = new("mimicked_mean_accuracy_at_positions_{0}_{1}", "mimicked: mean accuracy at positions {0}-{1}");

    /// <summary>The headline: mimic − random mean accuracy over positions {0}…{1}, paired by sentence.</summary>
    public static readonly MeasureKey Gain = new("mimic_random_mean_accuracy_at_positions_{0}_{1}", "mimic − random, mean accuracy at positions {0}-{1}");
}
