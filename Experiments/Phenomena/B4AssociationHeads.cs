using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B4 (paper B): trained LEGO encoders develop heads that attend to identical tokens.
/// Protocol (PHENOMENA §3): queries are variable-name tokens whose name occurs elsewhere; a head's
/// association mass is its attention on the other positions holding the same token, its ratio that
/// mass over the mass uniform attention would give (<see cref="LegoAttention.MeasureAssociation"/>),
/// pooled over the queries of the 1000 test sentences. Per seed: the shared paper-scale encoder and
/// the same architecture at its random initialisation (same seed).
/// Bar: the best head of the trained model (chosen per seed by pooled mass; its mass and ratio
/// averaged over seeds, intervals from the sentence bootstrap with the head fixed) has mass ≥ 0.5
/// and ratio ≥ 5; every head at random init has ratio ≤ 2 (mean over seeds). PaperScale only.
/// </summary>
/// <param name="plans">Training plans per seed and variant; default <see cref="PaperLegoModels.Plan"/>.</param>
public sealed class B4AssociationHeads(LegoPlanFactory? plans = null) : IPhenomenon
{
    private readonly LegoPlanFactory _plans = plans ?? PaperLegoModels.Plan;

    /// <inheritdoc />
    public string Id => "B4";

    /// <inheritdoc />
    public string Title => "association heads";

    /// <inheritdoc />
    public string Claim => "Trained models develop heads that attend to identical tokens.";

    /// <inheritdoc />
    public string Bar(Scale scale) => "best head of a trained model: mass ≥ 0.5 and ratio ≥ 5; every head at random init: ratio ≤ 2 (competence floor first)";

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = LegoPhenomena.Start(this, context, _plans);
        if (context.Scale == Scale.Quick) return result.Inconclusive(PaperLegoModels.QuickScaleReason);
        var first = _plans(context.Seeds.Count > 0 ? context.Seeds[0] : 0, context.Threads, true, false);
        int n = first.Task.Variables, k = first.Task.SupervisedPositions;
        if (context.ExternalModel is not null) return result.Inconclusive("B4 trains its own encoders; external LEGO models are not wired yet");

        var outcomes = new List<IReadOnlyList<LegoOutcome>>();
        var trained = new List<IReadOnlyList<AssociationMeasure[]>>();
        var initial = new List<IReadOnlyList<AssociationMeasure[]>>();
        var best = new List<int>();
        foreach (int seed in context.Seeds)
        {
            var plan = _plans(seed, context.Threads, true, false);
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
}
