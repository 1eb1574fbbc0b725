using System.Globalization;
using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B6a's procedure: trains (or loads) one encoder per seed, or opens an external one, measures, and
/// judges the bar of <see cref="B6aSpec"/>, where the protocol, thresholds and measurement keys are declared.
/// </summary>
public sealed class B6aShortcut() : SpecifiedPhenomenon(B6aSpec.Id, B6aSpec.Title, B6aSpec.Claim, B6aSpec.QuickRun, B6aSpec.Bar)
{
    /// <inheritdoc />
    public override Applicability AppliesTo(ModelProfile model)
    {
        var task = Applicability.ForTask(model, ModelProfile.Lego, ExternalLegoModel.LegoMeasures);
        // The bar reads positions k+1…n against chance for encoders trained on k = 2 (issue #18).
        return task.Applies && model.LegoK is int k && k != B6aSpec.Supervised
            ? Applicability.No($"B6a measures encoders trained with k = {B6aSpec.Supervised} supervised positions; the task of {model.Description} has k = {k}.")
            : task;
    }

    /// <inheritdoc />
    public override PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExternalModel is not null) return RunExternal(context);
        var sample = B6aSpec.Plan(context.Scale, context.Seeds.Count > 0 ? context.Seeds[0] : 0, context.Threads);
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
            var plan = B6aSpec.Plan(context.Scale, seed, context.Threads);
            context.Say($"B6a seed {seed}: encoder on n={plan.Task.Variables}, k={plan.Task.SupervisedPositions} ({plan.Training.Steps} steps of {plan.Training.BatchSize})");
            var model = LegoModels.GetOrTrain(plan, context, $"B6a seed {seed}");
            result.Model(plan.CacheKey());
            outcomes.Add(LegoModels.Test(model, plan.Task));
        }

        return Judge(result, outcomes, context.Seeds, sample.Task.Variables, B6aSpec.Supervised);
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
            accuracy[p - 1] = result.Measure(B6aSpec.AccuracyAt.Of(p), LegoEvaluation.Accuracy(outcomes, p));
            agreement[p - 1] = result.Measure(B6aSpec.AgreementAt.Of(p), LegoEvaluation.ShortcutAgreement(outcomes, p));
        }
        if (k < n) result.Measure(B6aSpec.UnsupervisedAccuracy.Of(k + 1, n), LegoEvaluation.Accuracy(outcomes, k + 1, n));
        for (int s = 0; s < outcomes.Count; s++)
        {
            var perSeed = LegoScoring.AccuracyByPosition(outcomes[s]);
            result.Measure(B6aSpec.SeedMeanAccuracy.Of(seeds[s], n), perSeed.Average());
            for (int p = 1; p <= n; p++) result.Measure(B6aSpec.SeedAccuracyAt.Of(seeds[s], p), perSeed[p - 1]);
        }

        for (int p = 1; p <= k; p++)
        {
            if (accuracy[p - 1].Mean < B6aSpec.Floor)
                return result.NotCompetent($"accuracy at supervised position {p} is {accuracy[p - 1].Mean:P1} < {BarText.Percent(B6aSpec.Floor)}");
        }
        for (int p = 1; p <= n; p++)
            result.Check(agreement[p - 1].Mean >= B6aSpec.ShortcutBar, $"shortcut agreement ≥ {BarText.Percent(B6aSpec.ShortcutBar)} at position {p} (got {agreement[p - 1].Mean:P1})");
        for (int p = k + 1; p <= n; p++)
        {
            var a = accuracy[p - 1];
            const double chance = B6aSpec.Chance, band = B6aSpec.Band;
            result.Check(Math.Abs(a.Mean - chance) <= band && a.Low >= chance - band && a.High <= chance + band,
                $"accuracy at position {p} within {BarText.Points(band)} points of {BarText.Percent(chance)} (got {a})");
        }
        return result.Finish();
    }
}
