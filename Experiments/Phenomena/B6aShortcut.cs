using System.Globalization;
using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B6a (paper B): supervised on the first two chain positions only, an encoder solves them through
/// a shortcut — value(first clause) · sign(own clause) — instead of following the chain, so it
/// applies the same rule at every later position and is at chance there.
/// Protocol (PHENOMENA.md §3, row B6a): per seed, one encoder trained on n = 6, k = 2; on the
/// spec's 1000 test sentences, per chain position: accuracy and agreement with
/// <see cref="LegoShortcutProbe"/>. Bootstrap units are sentences, stratified by seed.
/// </summary>
/// <remarks>
/// How the bar is read (stated in <see cref="Bar"/>):
/// competence floor: accuracy ≥ 95% at each supervised position (1 and 2) separately;
/// shortcut: agreement ≥ 95% (mean over seeds) at each of the n positions;
/// "unsupervised positions within 5 points of 50%": at each unsupervised position separately, the
/// mean accuracy lies in [45%, 55%] and so does its 95% interval — a claim of closeness is only
/// supported when the interval, not just the point, stays within the band (as §0 asks intervals
/// to lie on the claimed side).
/// Quick scale: 4 layers × 64, 4 heads (head size 16), MLP 4C, 800 steps of batch 128 (≈ 3.1M
/// tokens per seed), AdamW lr 1e-3 with 80 warmup steps and cosine decay to 1e-4, weight decay 0.1,
/// fresh sentences every step. Paper-scale analogue: the official sentence length n = 12 with the
/// same short supervision k = 2, 6 layers × 256, 8 heads, 3000 steps of batch 128 over the official
/// 120,000 training sentences (≈ 23M tokens per seed; the engine trained this shape at ≈ 3.5k
/// tokens/s on the shared 2-core machine, so an estimated 1–2 hours per seed).
/// An external encoder (<see cref="ExternalLegoModel"/>) is judged by the same bar on its own LEGO
/// task's test sentences as one "seed", with k (the supervised positions) from that task.
/// </remarks>
public sealed class B6aShortcut : IPhenomenon
{
    private const int Supervised = 2;
    private const double Floor = 0.95, ShortcutBar = 0.95, Chance = 0.5, Band = 0.05;

    /// <inheritdoc />
    public string Id => "B6a";

    /// <inheritdoc />
    public string Title => "shortcut under short supervision";

    /// <inheritdoc />
    public string Claim => "Transformers find shortcut solutions instead of following the chain: trained on positions 1–2, the encoder " +
                           "answers value(first)·sign(own clause) everywhere and is at chance beyond position 2.";

    /// <inheritdoc />
    public string Bar(Scale scale) =>
        "competence floor (≥ 95% at each of positions 1–2; an external model: 1–k of its task); shortcut agreement ≥ 95% at every position; " +
        "each unsupervised position within 5 points of 50% (mean and 95% interval inside [45%, 55%])";

    /// <summary>The LEGO spec of one seed at a scale (n = 6 quick, n = 12 paper; k = 2).</summary>
    public static LegoSpec Spec(Scale scale, int seed) => scale == Scale.Quick
        ? LegoSpec.Create(6, Supervised, seed: seed, testSize: 1000)
        : LegoSpec.Create(12, Supervised, seed: seed, trainSize: 120_000, testSize: 1000);

    /// <summary>The training plan of one seed (settings in the class remarks).</summary>
    public static LegoTrainingPlan Plan(Scale scale, int seed, int threads) => scale == Scale.Quick
        ? LegoTrainingPlan.Encoder(Spec(scale, seed), layers: 4, channels: 64, heads: 4, steps: 800, batch: 128, learningRate: 1e-3f, threads)
        : LegoTrainingPlan.Encoder(Spec(scale, seed), layers: 6, channels: 256, heads: 8, steps: 3000, batch: 128, learningRate: 5e-4f, threads);

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExternalModel is not null) return RunExternal(context);
        var sample = Plan(context.Scale, context.Seeds.Count > 0 ? context.Seeds[0] : 0, context.Threads);
        var result = new ResultBuilder(this, context)
            .Parameter("n", sample.Task.Variables)
            .Parameter("k", sample.Task.SupervisedPositions)
            .Parameter("model", $"encoder {sample.Model.Layers} layers x {sample.Model.Channels}, {sample.Model.Heads} heads, 2-class head")
            .Parameter("steps", sample.Training.Steps)
            .Parameter("batch", sample.Training.BatchSize)
            .Parameter("learning_rate", sample.Training.LearningRate)
            .Parameter("warmup_steps", sample.Training.WarmupSteps)
            .Parameter("min_learning_rate", sample.Training.MinLearningRate)
            .Parameter("weight_decay", sample.Training.WeightDecay)
            .Parameter("training_tokens_per_seed", sample.TrainingTokens)
            .Parameter("train_size", sample.Task.TrainSize == 0 ? "fresh stream" : sample.Task.TrainSize.ToString(CultureInfo.InvariantCulture))
            .Parameter("test_sentences", sample.Task.TestSize);
        var outcomes = new List<IReadOnlyList<LegoOutcome>>();
        foreach (int seed in context.Seeds)
        {
            var plan = Plan(context.Scale, seed, context.Threads);
            context.Say($"B6a seed {seed}: encoder on n={plan.Task.Variables}, k={plan.Task.SupervisedPositions} ({plan.Training.Steps} steps of {plan.Training.BatchSize})");
            var model = LegoModels.GetOrTrain(plan, context, $"B6a seed {seed}");
            result.Model(plan.CacheKey());
            outcomes.Add(LegoModels.Test(model, plan.Task));
        }

        return Judge(result, outcomes, context.Seeds, sample.Task.Variables, Supervised);
    }

    /// <summary>The external model on its task's test sentences, k from the task.</summary>
    private PhenomenonResult RunExternal(PhenomenonContext context)
    {
        var result = new ResultBuilder(this, context);
        using var external = ExternalLegoModel.Open(context);
        external.Record(result);
        context.Say($"B6a: {external.Description} on {external.TestSentences.Count} test sentences");
        return Judge(result, [external.Evaluate()], [0], external.Spec.Variables, external.Spec.SupervisedPositions);
    }

    /// <summary>
    /// Measures and judges the bar on test outcomes (one list per seed, bootstrap units are sentences):
    /// accuracy and shortcut agreement at every position 1…n, per-seed accuracies, the competence floor
    /// on positions 1…k, then the shortcut and chance parts of the bar (see the class remarks).
    /// </summary>
    /// <param name="result">Receives the measurements; its Finish / NotCompetent is returned.</param>
    /// <param name="outcomes">Per seed, one outcome per test sentence.</param>
    /// <param name="seeds">The seed of each outcome list (for the per-seed measurement names).</param>
    /// <param name="n">Chain length.</param>
    /// <param name="k">Supervised positions 1…k.</param>
    public static PhenomenonResult Judge(ResultBuilder result, IReadOnlyList<IReadOnlyList<LegoOutcome>> outcomes, IReadOnlyList<int> seeds, int n, int k)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count != outcomes.Count) throw new ArgumentException($"{outcomes.Count} outcome lists but {seeds.Count} seeds.", nameof(seeds));
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, n = {n}].");
        var accuracy = new Estimate[n];
        var agreement = new Estimate[n];
        for (int p = 1; p <= n; p++)
        {
            accuracy[p - 1] = result.Measure($"accuracy at position {p}", LegoEvaluation.Accuracy(outcomes, p));
            agreement[p - 1] = result.Measure($"shortcut agreement at position {p}", LegoEvaluation.ShortcutAgreement(outcomes, p));
        }
        if (k < n) result.Measure($"mean accuracy at positions {k + 1}-{n}", LegoEvaluation.Accuracy(outcomes, k + 1, n));
        for (int s = 0; s < outcomes.Count; s++)
        {
            var perSeed = LegoScoring.AccuracyByPosition(outcomes[s]);
            result.Measure($"seed {seeds[s]} accuracy at positions 1-{n}", perSeed.Average());
            for (int p = 1; p <= n; p++) result.Measure($"seed {seeds[s]} accuracy at position {p}", perSeed[p - 1]);
        }

        for (int p = 1; p <= k; p++)
        {
            if (accuracy[p - 1].Mean < Floor)
                return result.NotCompetent($"accuracy at supervised position {p} is {accuracy[p - 1].Mean:P1} < 95%");
        }
        for (int p = 1; p <= n; p++)
            result.Check(agreement[p - 1].Mean >= ShortcutBar, $"shortcut agreement ≥ 95% at position {p} (got {agreement[p - 1].Mean:P1})");
        for (int p = k + 1; p <= n; p++)
        {
            var a = accuracy[p - 1];
            result.Check(Math.Abs(a.Mean - Chance) <= Band && a.Low >= Chance - Band && a.High <= Chance + Band,
                $"accuracy at position {p} within 5 points of 50% (got {a})");
        }
        return result.Finish();
    }
}
