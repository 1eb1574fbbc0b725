using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>
/// The paper-scale LEGO encoders shared by B1, B2, B4, B5 and B6b (docs/PHENOMENA.md §5: one model per seed
/// and variant), sized so that a model trains in well under an hour on this 2-core machine.
/// Setting: the official task — n = 12, loss on chain positions 1–6, 120,000 training sentences,
/// shuffled clauses (ordered for B6b's comparison model) — on a 4-layer × 128 encoder with 4 heads
/// (head size 32), MLP 4C, 2-class head; AdamW lr 1e-3 (the quick-scale LEGO rate; 100 warmup
/// steps, cosine to 1e-4), weight decay 0.1, 3,000 steps of batch 128: 384k sentence presentations
/// (3.2 epochs; the paper used ~24M on BERT-base), 3,000 × 128 × 60 ≈ 23M tokens per model.
/// A 6-layer × 256 encoder for 10,000 steps (77M tokens) was the first choice; it needs 2–4 hours
/// per model here, too long for the three seeds of each variant.
/// </summary>
public static class PaperLegoModels
{
    /// <summary>Chain length n of the official setting.</summary>
    public const int Variables = 12;

    /// <summary>Supervised positions k of the official setting.</summary>
    public const int Supervised = 6;

    /// <summary>The task of one seed with clauses in <paramref name="order"/>.</summary>
    public static LegoSpec Spec(int seed, ClauseOrder order = ClauseOrder.Shuffled) =>
        LegoSpec.Create(Variables, Supervised, shuffled: order == ClauseOrder.Shuffled, seed: seed, trainSize: 120_000, testSize: 1000);

    /// <summary>The training plan of one seed, clause order and block weights (B2's tied variant
    /// applies one block 4 times with the same token budget).</summary>
    public static LegoTrainingPlan Plan(int seed, int threads, ClauseOrder order = ClauseOrder.Shuffled, BlockWeights weights = BlockWeights.Separate) =>
        LegoTrainingPlan.Encoder(Spec(seed, order), layers: 4, channels: 128, heads: 4, steps: 3_000, batch: 128,
            learningRate: 1e-3f, threads, shareLayers: weights == BlockWeights.Tied);

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
        "PaperScale only (docs/PHENOMENA.md §3/§6: with loss on ≥ 3 positions no small encoder passes chain position 3 within the quick budget); " +
        "run it with --filter TestCategory=PaperScale";
}
