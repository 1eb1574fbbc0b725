using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>
/// The paper-scale LEGO encoders shared by B1, B2, B4, B5 and B6b (PHENOMENA §5: one model per seed
/// and variant). Setting: the official task — n = 12, loss on chain positions 1–6, 120,000 training
/// sentences, shuffled clauses (ordered for B6b's comparison model) — on a 6-layer × 256 encoder
/// with 8 heads (head size 32), MLP 4C, 2-class head; AdamW lr 5e-4 (100 warmup steps, cosine to
/// 5e-5), weight decay 0.1, 10,000 steps of batch 128 (1.28M sentence presentations, ~10.7 epochs;
/// the paper used ~24M). Tokens per model: 10,000 × 128 × 60 ≈ 77M; the engine trained this shape
/// at ≈ 3.5k tokens/s on the shared 2-core machine, so expect ≈ 3–6 hours per model.
/// </summary>
public static class PaperLegoModels
{
    /// <summary>Chain length n of the official setting.</summary>
    public const int Variables = 12;

    /// <summary>Supervised positions k of the official setting.</summary>
    public const int Supervised = 6;

    /// <summary>The task of one seed (shuffled clauses unless <paramref name="shuffled"/> is false).</summary>
    public static LegoSpec Spec(int seed, bool shuffled = true) =>
        LegoSpec.Create(Variables, Supervised, shuffled: shuffled, seed: seed, trainSize: 120_000, testSize: 1000);

    /// <summary>The training plan of one seed, clause order and weight tying (B2's tied variant
    /// applies one block 6 times with the same token budget).</summary>
    public static LegoTrainingPlan Plan(int seed, int threads, bool shuffled = true, bool tied = false) =>
        LegoTrainingPlan.Encoder(Spec(seed, shuffled), layers: 6, channels: 256, heads: 8, steps: 10_000, batch: 128,
            learningRate: 5e-4f, threads, shareLayers: tied);

    /// <summary>k: heads per layer B5 hard-codes (head 0 same-token / association, head 1 band / manipulation).</summary>
    public const int HardCodedHeads = 2;

    /// <summary>Mimicking pretraining steps of B3 as a fraction of the plan's LEGO steps (an extra 10%
    /// of compute, spent before the unchanged LEGO budget).</summary>
    public const double MimicFraction = 0.1;

    /// <summary>B5's variant of <paramref name="plan"/>: the same model and budget with heads 0…k−1 of every
    /// layer hard-coded (<see cref="HardCodedHeads"/>, GptConfig.FixedHeads).</summary>
    public static LegoTrainingPlan WithHardCodedHeads(LegoTrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan with { Model = (plan.Model with { FixedHeads = HardCodedHeads }).Validated() };
    }

    /// <summary>B3's variant of <paramref name="plan"/>: mimicking pretraining of heads 0 and 1 of every layer
    /// for <see cref="MimicFraction"/> of its steps (at least 1), then the same LEGO training.</summary>
    public static LegoTrainingPlan WithMimicking(LegoTrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan with { MimicSteps = Math.Max(1, (int)Math.Round(plan.Training.Steps * MimicFraction)) };
    }

    /// <summary>Why a paper-scale-only LEGO phenomenon does not run at quick scale.</summary>
    public const string QuickScaleReason =
        "PaperScale only (PHENOMENA §3/§6: with loss on ≥ 3 positions no small encoder passes chain position 3 within the quick budget); " +
        "run it with --filter TestCategory=PaperScale";
}
