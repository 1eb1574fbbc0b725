using System.Diagnostics;
using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A6's procedure: draws the queries of each seed, completes them greedily, measures, and judges the
/// bar of <see cref="A6Spec"/>, where the protocol, thresholds and measurement keys are declared.
/// </summary>
public sealed class A6CompositionalGeneralization() : SpecifiedPhenomenon(A6Spec.Id, A6Spec.Title, A6Spec.Claim, A6Spec.QuickRun, A6Spec.Bar)
{
    private const int TrialsPerSplit = A6Spec.TrialsPerSplit, FloorTrials = A6Spec.FloorTrials;

    /// <inheritdoc />
    public override Applicability AppliesTo(ModelProfile model) => Applicability.ForTask(model, ModelProfile.Motif, MotifSubjects.Measures);

    /// <inheritdoc />
    public override PhenomenonResult Run(PhenomenonContext context)
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
        if (context.Scale == Scale.Paper) result.Parameter("task_scale", MotifModels.TaskScaleNote(context.Scale));

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
            result.Measure(A6Spec.SeedFloor.Of(seed), floor[^1].Average());
            result.Measure(A6Spec.SeedHeldOut.Of(seed), heldOutSuccess.Average());
            result.Measure(A6Spec.SeedLong.Of(seed), units[^1].Average(u => u.Long));
            context.Say($"A6 seed {seed}: floor {floor[^1].Average():P1}, held-out {heldOutSuccess.Average():P1}, long {units[^1].Average(u => u.Long):P1} (train/load {trainSeconds:F0} s, eval {watch.Elapsed.TotalSeconds:F0} s)");
            watch.Restart();
        }

        var competence = result.Measure(A6Spec.Competence, Bootstrap.Estimate(floor.Select(f => (IReadOnlyList<double>)f).ToArray(), u => u.Average()));
        var heldOutRate = result.Measure(A6Spec.HeldOut, Bootstrap.Estimate(units, u => u.Average(x => x.HeldOut)));
        result.Measure(A6Spec.Long, Bootstrap.Estimate(units, u => u.Average(x => x.Long)));
        result.Measure(A6Spec.LongPlanningFailures, Bootstrap.Estimate(longPlanning.Select(f => (IReadOnlyList<double>)f).ToArray(), u => u.Average()));
        var gap = result.Measure(A6Spec.Drop, Bootstrap.Estimate(units, u => u.Average(x => x.HeldOut - x.Long)));

        if (competence.Mean < A6Spec.Floor)
            return result.NotCompetent($"success on training orders is {competence.Mean:P1} < {BarText.Percent(A6Spec.Floor)}");
        result.Check(heldOutRate.Mean >= A6Spec.HeldOutBar, $"success on held-out orders ≥ {BarText.Percent(A6Spec.HeldOutBar)} (got {heldOutRate.Mean:P1})");
        result.Check(gap.Mean >= A6Spec.MinimumDrop && gap.AboveZero,
            $"success at K_train+2 ≥ {BarText.Points(A6Spec.MinimumDrop)} points lower, interval excluding 0 (got {gap.Format()})");
        return result.Finish();
    }
}
