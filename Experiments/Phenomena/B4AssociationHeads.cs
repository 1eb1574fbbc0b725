using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B4 (paper B): trained LEGO encoders develop heads that attend to identical tokens.
/// Protocol (docs/PHENOMENA.md §3): queries are variable-name tokens whose name occurs elsewhere; a head's
/// association mass is its attention on the other positions holding the same token, its ratio that
/// mass over the mass uniform attention would give (<see cref="LegoAttention.MeasureAssociation"/>),
/// pooled over the queries of the 1000 test sentences. Per seed: the shared paper-scale encoder and
/// the same architecture at its random initialisation (same seed).
/// Bar: the best head of the trained model (chosen per seed by pooled mass; its mass and ratio
/// averaged over seeds, intervals from the sentence bootstrap with the head fixed) has mass ≥ 0.5
/// and ratio ≥ 5; every head at random init has ratio ≤ 2 (mean over seeds). PaperScale only.
/// An external encoder whose attention maps are readable (an engine checkpoint, or an ONNX export
/// with attentions) is measured at any scale on its own LEGO task's test sentences as one "seed":
/// competence floor on positions 1…k of that task, then the trained-model half of the bar. The
/// "every head at random init" half needs the model's initialisation, which a trained file does
/// not hold: when the trained half holds, the verdict is Inconclusive saying so (never Pass); when
/// it does not, Fail.
/// </summary>
/// <param name="plans">Training plans per seed and variant; default <see cref="PaperLegoModels.Plan"/>.</param>
public sealed class B4AssociationHeads(LegoPlanFactory? plans = null) : IPhenomenon
{
    private readonly LegoPlanFactory _plans = plans ?? PaperLegoModels.Plan;

    /// <inheritdoc />
    public string Id => "B4";

    /// <inheritdoc />
    public QuickScaleRun QuickRun => QuickScaleRun.None;

    /// <inheritdoc />
    public string Title => "association heads";

    /// <inheritdoc />
    public string Claim => "Trained models develop heads that attend to identical tokens.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "best head of a trained model: mass ≥ 0.5 and ratio ≥ 5; every head at random init: ratio ≤ 2 (competence floor first)";

    /// <inheritdoc />
    public Applicability AppliesTo(ModelProfile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var task = Applicability.ForTask(model, ModelProfile.Lego, ExternalLegoModel.LegoMeasures);
        if (!task.Applies) return task;
        return model.AttentionReadable ? Applicability.Yes : Applicability.No(model.AttentionUnavailable);
    }

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExternalModel is not null) return RunExternal(context);
        var result = LegoPhenomena.Start(this, context, _plans);
        if (context.Scale == Scale.Quick) return result.Inconclusive(PaperLegoModels.QuickScaleReason);
        var first = _plans(context.Seeds.Count > 0 ? context.Seeds[0] : 0, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
        int n = first.Task.Variables, k = first.Task.SupervisedPositions;

        var outcomes = new List<IReadOnlyList<LegoOutcome>>();
        var trained = new List<IReadOnlyList<AssociationMeasure[]>>();
        var initial = new List<IReadOnlyList<AssociationMeasure[]>>();
        var best = new List<int>();
        foreach (int seed in context.Seeds)
        {
            var plan = _plans(seed, context.Threads, ClauseOrder.Shuffled, BlockWeights.Separate);
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
            result.Measure($"seed {seed} best head (layer.head)", top / plan.Model.Heads + (top % plan.Model.Heads) / 10.0);
        }
        var accuracy = LegoPhenomena.MeasurePositions(result, outcomes, n, shortcut: false);

        var bestBySeed = Enumerable.Range(0, trained.Count).Select(s => (IReadOnlyList<(AssociationMeasure[] Units, int Head)>)
            [.. trained[s].Select(u => (u, best[s]))]).ToArray();
        var mass = result.Measure("best trained head: association mass", Bootstrap.Estimate(bestBySeed, u => LegoAssociation.Mass([.. u.Select(x => x.Units)], u[0].Head)));
        var ratio = result.Measure("best trained head: ratio to uniform", Bootstrap.Estimate(bestBySeed, u => LegoAssociation.Ratio([.. u.Select(x => x.Units)], u[0].Head)));
        int allHeads = initial[0][0].Length;
        double worstInitial = 0;
        for (int h = 0; h < allHeads; h++)
        {
            int head = h;
            var r = result.Measure($"random init head {h}: ratio to uniform", Bootstrap.Estimate(initial, u => LegoAssociation.Ratio(u, head)));
            worstInitial = Math.Max(worstInitial, r.Mean);
        }

        if (LegoPhenomena.FirstBelowFloor(accuracy, k) is { } reason) return result.NotCompetent(reason);
        result.Check(mass.Mean >= 0.5, $"best trained head mass ≥ 0.5 (got {mass})");
        result.Check(ratio.Mean >= 5, $"best trained head ratio ≥ 5 (got {ratio})");
        result.Check(worstInitial <= 2, $"every head at random init ratio ≤ 2 (largest {worstInitial:F2})");
        return result.Finish();
    }

    /// <summary>The external model: accuracy, every head's association on its task's test sentences, the trained half of the bar.</summary>
    private PhenomenonResult RunExternal(PhenomenonContext context)
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
            var accuracy = LegoPhenomena.MeasurePositions(result, [external.Evaluate()], n, shortcut: false);
            var measured = LegoAssociation.Measure(attention, external.TestSentences, external.Spec.ContextLength, external.Spec.CreateTokens());
            for (int h = 0; h < measured[0].Length; h++)
            {
                result.Measure($"head {h / heads}.{h % heads}: association mass", LegoAssociation.Mass(measured, h));
                result.Measure($"head {h / heads}.{h % heads}: ratio to uniform", LegoAssociation.Ratio(measured, h));
            }
            int top = Enumerable.Range(0, measured[0].Length).MaxBy(h => LegoAssociation.Mass(measured, h));
            result.Measure("seed 0 best head (layer.head)", top / heads + (top % heads) / 10.0);
            IReadOnlyList<IReadOnlyList<AssociationMeasure[]>> units = [measured];
            var mass = result.Measure("best trained head: association mass", Bootstrap.Estimate(units, u => LegoAssociation.Mass(u, top)));
            var ratio = result.Measure("best trained head: ratio to uniform", Bootstrap.Estimate(units, u => LegoAssociation.Ratio(u, top)));

            if (LegoPhenomena.FirstBelowFloor(accuracy, k) is { } reason) return result.NotCompetent(reason);
            bool massHolds = result.Check(mass.Mean >= 0.5, $"best trained head mass ≥ 0.5 (got {mass})");
            bool ratioHolds = result.Check(ratio.Mean >= 5, $"best trained head ratio ≥ 5 (got {ratio})");
            if (!massHolds || !ratioHolds) return result.Finish();
            return result.Inconclusive($"the trained half of the bar holds (best head mass {mass.Mean:0.000}, ratio {ratio.Mean:0.00}); " +
                "the other half, every head at random init with ratio ≤ 2, cannot be measured on a trained model file (its initialisation is unknown)");
        }
        finally
        {
            (attention as IDisposable)?.Dispose();
        }
    }
}
