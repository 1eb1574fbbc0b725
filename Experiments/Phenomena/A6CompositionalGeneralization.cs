using System.Diagnostics;
using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A6 (paper A): with exemplars naming a motif order, the model follows that order, including orders never
/// seen in training; it fails for chains longer than any training chain.
/// Protocol (PHENOMENA.md §2): the shared motif model of each seed (<see cref="MotifModels"/>: chains of
/// ≤ K_train = 3 of 5 motifs, 20% of the 2- and 3-motif orders held out, context covering 5-motif chains).
/// Test queries are drawn with the seed: on held-out orders, and on orders of K_train + 2 = 5 motifs.
/// Success = the greedy completion is a valid path on the order's unrolled chain — start (first motif) to
/// goal (last motif), every step an edge inside a motif or a ghost edge between consecutive motifs of the
/// order, then END. Bootstrap units are queries; the gap pairs held-out query i with long query i.
/// </summary>
public sealed class A6CompositionalGeneralization : IPhenomenon
{
    private const int TrialsPerSplit = 200, FloorTrials = 200;

    /// <inheritdoc />
    public string Id => "A6";

    /// <inheritdoc />
    public string Title => "compositional generalization of motif orders";

    /// <inheritdoc />
    public string Claim => "With exemplars naming a motif order, the model follows it, including orders never seen in training; it fails for chains longer than any training chain.";

    /// <inheritdoc />
    public string Bar(Scale scale) =>
        "competence floor (≥ 90% success on training orders); success on held-out orders ≥ 80%; " +
        "success at K_train+2 at least 30 points lower (interval of the difference excluding 0)";

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var example = MotifModels.Plan(context.Scale, context.Seeds[0], context.Threads);
        var result = new ResultBuilder(this, context)
            .Parameter("task", "5 motifs hierarchical(3, 4, 0.4), K_train 3, 20% of 2-/3-motif orders held out, long = 5-motif orders")
            .Parameter("exemplar_context", "4 ghost-edge exemplars (order junctions + distractors from motifs off the order), shuffled")
            .Parameter("context_length", example.Model.ContextLength)
            .Parameter("steps", example.Training.Steps)
            .Parameter("batch", example.Training.BatchSize)
            .Parameter("learning_rate", example.Training.LearningRate)
            .Parameter("training_tokens_per_seed", example.Tokens)
            .Parameter("trials_per_split", TrialsPerSplit)
            .Parameter("decoding", "greedy (T=0)");

        var floor = new List<double[]>();
        var units = new List<(double HeldOut, double Long)[]>();
        var longPlanning = new List<double[]>();
        // An external model is measured on its own task's held-out and long orders (metadata or Task parameter).
        var watch = Stopwatch.StartNew();
        foreach (var (seed, source, task, hash) in MotifSubjects.For(context))
        {
            result.Model(hash);
            double trainSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var rng = new Random(seed);
            floor.Add(MotifFloor.Measure(source, task, FloorTrials, rng));
            var heldOut = MotifTrials.Sample(task, task.HeldOutOrders, TrialsPerSplit, rng);
            var longer = MotifTrials.Sample(task, task.LongOrders, TrialsPerSplit, rng);
            var heldOutSuccess = MotifTrials.Success(source, task, heldOut);
            var longCompletions = MotifTrials.Greedy(source, task, [.. longer.Select(t => (t.Chain, t.Query))]);
            var longOutcomes = longer.Select((t, i) => t.Chain.Score(t.Query, longCompletions[i]).Outcome).ToArray();
            units.Add([.. heldOutSuccess.Select((h, i) => (h, longOutcomes[i] == PathOutcome.Valid ? 1.0 : 0.0))]);
            longPlanning.Add([.. longOutcomes.Select(o => o == PathOutcome.PlanningFailure ? 1.0 : 0.0)]);
            result.Measure($"seed {seed}: success on training orders", floor[^1].Average());
            result.Measure($"seed {seed}: success on held-out orders", heldOutSuccess.Average());
            result.Measure($"seed {seed}: success on 5-motif orders", units[^1].Average(u => u.Long));
            context.Say($"A6 seed {seed}: floor {floor[^1].Average():P1}, held-out {heldOutSuccess.Average():P1}, long {units[^1].Average(u => u.Long):P1} (train/load {trainSeconds:F0} s, eval {watch.Elapsed.TotalSeconds:F0} s)");
            watch.Restart();
        }

        var competence = result.Measure("success on training orders (floor 0.90)", Bootstrap.Estimate(floor.Select(f => (IReadOnlyList<double>)f).ToArray(), u => u.Average()));
        var heldOutRate = result.Measure("success on held-out orders (K ≤ 3)", Bootstrap.Estimate(units, u => u.Average(x => x.HeldOut)));
        result.Measure("success on 5-motif orders (K_train+2)", Bootstrap.Estimate(units, u => u.Average(x => x.Long)));
        result.Measure("planning failures on 5-motif orders", Bootstrap.Estimate(longPlanning.Select(f => (IReadOnlyList<double>)f).ToArray(), u => u.Average()));
        var gap = result.Measure("held-out − K_train+2 success", Bootstrap.Estimate(units, u => u.Average(x => x.HeldOut - x.Long)));

        if (competence.Mean < MotifFloor.Required)
            return result.NotCompetent($"success on training orders is {competence.Mean:P1} < 90%");
        result.Check(heldOutRate.Mean >= 0.80, $"success on held-out orders ≥ 80% (got {heldOutRate.Mean:P1})");
        result.Check(gap.Mean >= 0.30 && gap.AboveZero, $"success at K_train+2 ≥ 30 points lower, interval excluding 0 (got {gap.Format()})");
        return result.Finish();
    }
}
