using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Tasks.Lego;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B6a (paper B), the whole protocol as data: supervised on the first two chain positions only, an
/// encoder solves them through a shortcut — value(first clause) · sign(own clause) — instead of
/// following the chain, so it applies the same rule at every later position and is at chance there.
/// Per seed, one encoder trained on <see cref="Task"/>; on the task's 1000 test sentences, per chain
/// position: accuracy and agreement with <see cref="LegoShortcutProbe"/>. Bootstrap units are
/// sentences, stratified by seed. An external encoder is judged by the same bar on its own LEGO
/// task's test sentences as one "seed", with k from that task. The procedure is
/// <see cref="B6aShortcut"/>; docs/PHENOMENA.md row B6a is the source.
/// </summary>
/// <remarks>
/// How the bar is read: competence floor, accuracy ≥ <see cref="Floor"/> at each supervised position
/// separately; shortcut, agreement ≥ <see cref="ShortcutBar"/> (mean over seeds) at each of the n
/// positions; "unsupervised positions within 5 points of 50%": at each unsupervised position, the
/// mean accuracy and its 95% interval both lie in [45%, 55%] — closeness is only supported when the
/// interval, not just the point, stays within the band (§0 asks intervals to lie on the claimed side).
/// </remarks>
public static class B6aSpec
{
    /// <summary>Identifier.</summary>
    public const string Id = "B6a";

    /// <summary>Short name.</summary>
    public const string Title = "shortcut under short supervision";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "Transformers find shortcut solutions instead of following the chain: trained on positions 1–2, the encoder " +
                                "answers value(first)·sign(own clause) everywhere and is at chance beyond position 2.";

    /// <summary>It reproduces at quick scale.</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.Default;

    /// <summary>Supervised chain positions 1…k of the suite's own models.</summary>
    public const int Supervised = 2;

    /// <summary>Competence floor per supervised position; shortcut agreement required per position.</summary>
    public const double Floor = 0.95, ShortcutBar = 0.95;

    /// <summary>Unsupervised positions must lie within <see cref="Band"/> of <see cref="Chance"/>.</summary>
    public const double Chance = 0.5, Band = 0.05;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"competence floor (≥ {Percent(Floor)} at each of positions 1–{Supervised}; an external model: 1–k of its task); shortcut agreement ≥ {Percent(ShortcutBar)} at every position; " +
        $"each unsupervised position within {Points(Band)} points of {Percent(Chance)} (mean and 95% interval inside [{Percent(Chance - Band)}, {Percent(Chance + Band)}])";

    /// <summary>The LEGO task of one seed: n = 6 at quick scale; the official n = 12 with its 120,000
    /// training sentences at paper scale; k = 2 and 1000 test sentences at both.</summary>
    public static LegoSpec Task(Scale scale, int seed) => scale == Scale.Quick
        ? LegoSpec.Create(6, Supervised, seed: seed, testSize: 1000)
        : LegoSpec.Create(12, Supervised, seed: seed, trainSize: 120_000, testSize: 1000);

    /// <summary>
    /// The training plan of one seed. Quick: 4 layers × 64, 4 heads (head size 16), MLP 4C, 800 steps
    /// of batch 128 (≈ 3.1M tokens per seed), AdamW lr 1e-3 with 80 warmup steps and cosine decay to
    /// 1e-4, weight decay 0.1, fresh sentences every step. Paper: 6 layers × 256, 8 heads, 3000 steps
    /// of batch 128 over the 120,000 training sentences (≈ 23M tokens per seed; an estimated 1–2 hours
    /// per seed on the shared 2-core machine at the ≈ 3.5k tokens/s the engine trained this shape).
    /// </summary>
    public static LegoTrainingPlan Plan(Scale scale, int seed, int threads) => scale == Scale.Quick
        ? LegoTrainingPlan.Encoder(Task(scale, seed), layers: 4, channels: 64, heads: 4, steps: 800, batch: 128, learningRate: 1e-3f, threads)
        : LegoTrainingPlan.Encoder(Task(scale, seed), layers: 6, channels: 256, heads: 8, steps: 3000, batch: 128, learningRate: 5e-4f, threads);

    /// <summary>Accuracy at chain position {0}.</summary>
    public static readonly MeasureKey AccuracyAt = new("accuracy_at_position_{0}", "accuracy at position {0}");

    /// <summary>Agreement with the shortcut at chain position {0}.</summary>
    public static readonly MeasureKey AgreementAt = new("shortcut_agreement_at_position_{0}", "shortcut agreement at position {0}");

    /// <summary>Mean accuracy over the unsupervised positions {0}…{1}.</summary>
    public static readonly MeasureKey UnsupervisedAccuracy = new("mean_accuracy_at_positions_{0}_{1}", "mean accuracy at positions {0}-{1}");

    /// <summary>Seed {0}: mean accuracy over positions 1…{1}.</summary>
    public static readonly MeasureKey SeedMeanAccuracy = new("seed_{0}_accuracy_at_positions_1_{1}", "seed {0} accuracy at positions 1-{1}");

    /// <summary>Seed {0}: accuracy at position {1}.</summary>
    public static readonly MeasureKey SeedAccuracyAt = new("seed_{0}_accuracy_at_position_{1}", "seed {0} accuracy at position {1}");
}
