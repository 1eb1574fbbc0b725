using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B4's procedure: trains (or loads) the encoder of every seed and builds its initial twin, or opens
/// an external one, reads their attention maps, measures, and judges the bar of <see cref="B4Spec"/>,
/// where the protocol, thresholds and measurement keys are declared.
/// </summary>
/// <param name="plans">Training plans per seed; default <see cref="B4Spec.Plans"/> (tests pass tiny ones).</param>
public sealed class B4AssociationHeads(LegoPlanFactory? plans = null)
    : PaperLegoPhenomenon(B4Spec.Id, B4Spec.Title, B4Spec.Claim, B4Spec.QuickRun, B4Spec.Bar, plans ?? B4Spec.Plans)
{
    /// <inheritdoc />
    public override Applicability AppliesTo(ModelProfile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var task = Applicability.ForTask(model, ModelProfile.Lego, ExternalLegoModel.LegoMeasures);
        if (!task.Applies) return task;
        return model.AttentionReadable ? Applicability.Yes : Applicability.No(model.AttentionUnavailable);
    }

    /// <inheritdoc />
    protected override PhenomenonResult RunPaperScale(ResultBuilder result, PhenomenonContext context, LegoTrainingPlan first)
    {
        int n = first.Task.Variables, k = first.Task.SupervisedPositions;

        var outcomes = new List<IReadOnlyList<LegoOutcome>>();
        var trained = new List<IReadOnlyList<AssociationMeasure[]>>();
        var initial = new List<IReadOnlyList<AssociationMeasure[]>>();
        var best = new List<int>();
        foreach (int seed in context.Seeds)
        {
            var plan = Plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
            var model = LegoModels.GetOrTrain(plan, context, $"LEGO paper seed {seed}");
            result.Model(plan.CacheKey());
            var sentences = new LegoGenerator(plan.Task).TestSet();
            var vocabulary = plan.Task.CreateTokens();
            outcomes.Add(LegoModels.Test(model, plan.Task));
            context.Say($"B4 seed {seed}: attention maps of the trained and the initial model");
            var measured = LegoAssociation.Measure(model, sentences, plan.Task.ContextLength, vocabulary);
            trained.Add(measured);
            var random = new GptModel(plan.Model, plan.Training.Seed, LegoEvaluation.DefaultBatch) { Threads = context.Threads };
            initial.Add(LegoAssociation.Measure(random, sentences, plan.Task.ContextLength, vocabulary));
            int heads = plan.Model.Layers * plan.Model.Heads;
            int top = Enumerable.Range(0, heads).MaxBy(h => LegoAssociation.Mass(measured, h));
            best.Add(top);
            RecordBestHead(result, seed, top, plan.Model.Heads);
        }
        var accuracy = LegoPhenomena.MeasurePositions(result, outcomes, n, B4Spec.AccuracyAt);

        var bestBySeed = Enumerable.Range(0, trained.Count).Select(s => (IReadOnlyList<(AssociationMeasure[] Units, int Head)>)
            [.. trained[s].Select(u => (u, best[s]))]).ToArray();
        var mass = result.Measure(B4Spec.BestMass, Bootstrap.Estimate(bestBySeed, u => LegoAssociation.Mass([.. u.Select(x => x.Units)], u[0].Head)));
        var ratio = result.Measure(B4Spec.BestRatio, Bootstrap.Estimate(bestBySeed, u => LegoAssociation.Ratio([.. u.Select(x => x.Units)], u[0].Head)));
        int allHeads = initial[0][0].Length;
        double worstInitial = 0;
        for (int h = 0; h < allHeads; h++)
        {
            int head = h;
            var r = result.Measure(B4Spec.InitialRatioAt.Of(h), Bootstrap.Estimate(initial, u => LegoAssociation.Ratio(u, head)));
            worstInitial = Math.Max(worstInitial, r.Mean);
        }

        if (LegoPhenomena.FirstBelowFloor(accuracy, k, B4Spec.Floor) is { } reason) return result.NotCompetent(reason);
        result.Check(mass.Mean >= B4Spec.MinimumMass, $"best trained head mass ≥ {BarText.Number(B4Spec.MinimumMass)} (got {mass})");
        result.Check(ratio.Mean >= B4Spec.MinimumRatio, $"best trained head ratio ≥ {BarText.Number(B4Spec.MinimumRatio)} (got {ratio})");
        result.Check(worstInitial <= B4Spec.MaximumInitialRatio, $"every head at random init ratio ≤ {BarText.Number(B4Spec.MaximumInitialRatio)} (largest {worstInitial:F2})");
        return result.Finish();
    }

    /// <summary>The external model: accuracy, every head's association on its task's test sentences, the trained half of the bar.</summary>
    protected override PhenomenonResult RunExternal(PhenomenonContext context)
    {
        var result = new ResultBuilder(this, context);
        using var external = ExternalLegoModel.Open(context);
        external.Record(result);
        var attention = ExternalModels.Attention(context);
        try
        {
            int n = external.Spec.Variables, k = external.Spec.SupervisedPositions, heads = attention.AttentionHeads;
            result.Parameter("attention", $"{attention.AttentionLayers} layers x {heads} heads");
            context.Say($"B4: {external.Description}: accuracy and attention maps on {external.TestSentences.Count} test sentences");
            var accuracy = LegoPhenomena.MeasurePositions(result, [external.Evaluate()], n, B4Spec.AccuracyAt);
            var measured = LegoAssociation.Measure(attention, external.TestSentences, external.Spec.ContextLength, external.Spec.CreateTokens());
            for (int h = 0; h < measured[0].Length; h++)
            {
                result.Measure(B4Spec.HeadMass.Of(h / heads, h % heads), LegoAssociation.Mass(measured, h));
                result.Measure(B4Spec.HeadRatio.Of(h / heads, h % heads), LegoAssociation.Ratio(measured, h));
            }
            int top = Enumerable.Range(0, measured[0].Length).MaxBy(h => LegoAssociation.Mass(measured, h));
            RecordBestHead(result, 0, top, heads);
            IReadOnlyList<IReadOnlyList<AssociationMeasure[]>> units = [measured];
            var mass = result.Measure(B4Spec.BestMass, Bootstrap.Estimate(units, u => LegoAssociation.Mass(u, top)));
            var ratio = result.Measure(B4Spec.BestRatio, Bootstrap.Estimate(units, u => LegoAssociation.Ratio(u, top)));

            if (LegoPhenomena.FirstBelowFloor(accuracy, k, B4Spec.Floor) is { } reason) return result.NotCompetent(reason);
            bool massHolds = result.Check(mass.Mean >= B4Spec.MinimumMass, $"best trained head mass ≥ {BarText.Number(B4Spec.MinimumMass)} (got {mass})");
            bool ratioHolds = result.Check(ratio.Mean >= B4Spec.MinimumRatio, $"best trained head ratio ≥ {BarText.Number(B4Spec.MinimumRatio)} (got {ratio})");
            if (!massHolds || !ratioHolds) return result.Finish();
            return result.Inconclusive($"the trained half of the bar holds (best head mass {mass.Mean:0.000}, ratio {ratio.Mean:0.00}); " +
                $"the other half, every head at random init with ratio ≤ {BarText.Number(B4Spec.MaximumInitialRatio)}, cannot be measured on a trained model file (its initialisation is unknown)");
        }
        finally
        {
            (attention as IDisposable)?.Dispose();
        }
    }

    /// <summary>Seed <paramref name="seed"/>'s best head: its layer-major index as a measurement, its L.H name as a parameter.</summary>
    private static void RecordBestHead(ResultBuilder result, int seed, int top, int heads)
    {
        result.Measure(B4Spec.SeedBestHead.Of(seed), top);
        result.Parameter(string.Format(System.Globalization.CultureInfo.InvariantCulture, B4Spec.SeedBestHeadName, seed), LegoAssociation.HeadName(top, heads));
    }
}
