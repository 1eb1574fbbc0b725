using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A7's procedure: draws the conflict trials of each seed, completes them greedily in both presentation
/// orders, measures, and judges the bar of <see cref="A7Spec"/>, where the protocol, thresholds and
/// measurement keys are declared.
/// </summary>
public sealed class A7PrimacyBias() : SpecifiedPhenomenon(A7Spec.Id, A7Spec.Title, A7Spec.Claim, A7Spec.QuickRun, A7Spec.Bar)
{
    private const int Trials = A7Spec.Trials, FloorTrials = A7Spec.FloorTrials;

    /// <inheritdoc />
    public override Applicability AppliesTo(ModelProfile model) => Applicability.ForTask(model, ModelProfile.Motif, MotifSubjects.Measures);

    /// <inheritdoc />
    public override PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var example = MotifModels.Plan(context.Scale, context.Seeds[0], context.Threads);
        var result = new ResultBuilder(this, context)
            .Parameter("model", "the A6 motif model of each seed (no extra training)")
            .Parameter("steps", example.Training.Steps)
            .Parameter("training_tokens_per_seed", example.Tokens)
            .Parameter("trials_per_presentation_order", Trials)
            .Parameter("conflict", "orders (a,b,c) vs (a,d,c); context = one chain's 2 junction exemplars, then the other's")
            .Parameter("decoding", "greedy (T=0)")
            .Parameter("training_contexts", A7Spec.TrainingContexts)
            .Parameter("task_scale", MotifModels.TaskScaleNote(context.Scale));

        var floor = new List<double[]>();
        var units = new List<Outcome[]>();
        foreach (var (seed, source, task, hash) in MotifSubjects.For(context))
        {
            result.Model(hash);
            var rng = new Random(1000 + seed);   // other draws than A6's, same model
            floor.Add(MotifFloor.Measure(source, task, FloorTrials, rng));
            var trials = MotifTrials.SampleConflicts(task, Trials, rng);
            var queries = trials.Select(t => (t.A, Query: t.Query(aFirst: true))).Concat(trials.Select(t => (t.A, Query: t.Query(aFirst: false)))).ToArray();
            var completions = MotifTrials.Greedy(source, task, queries);
            var outcomes = new Outcome[trials.Length];
            for (int i = 0; i < trials.Length; i++)
            {
                var t = trials[i];
                var ab = completions[i];
                var ba = completions[trials.Length + i];
                var qab = t.Query(aFirst: true);
                var qba = t.Query(aFirst: false);
                outcomes[i] = new Outcome(
                    FirstShownFirst: MotifTrials.Follows(t.A, qab, ab) ? 1 : 0,
                    SecondShownFirst: MotifTrials.Follows(t.B, qab, ab) ? 1 : 0,
                    FirstShownSecond: MotifTrials.Follows(t.B, qba, ba) ? 1 : 0,
                    SecondShownSecond: MotifTrials.Follows(t.A, qba, ba) ? 1 : 0);
            }
            units.Add(outcomes);
            result.Measure(A7Spec.SeedFloor.Of(seed), floor[^1].Average());
            result.Measure(A7Spec.SeedFirstAFirst.Of(seed), outcomes.Average(o => o.FirstShownFirst));
            result.Measure(A7Spec.SeedFirstBFirst.Of(seed), outcomes.Average(o => o.FirstShownSecond));
            context.Say($"A7 seed {seed}: floor {floor[^1].Average():P1}, first-shown {outcomes.Average(o => o.FirstShownFirst):P1} / {outcomes.Average(o => o.FirstShownSecond):P1}");
        }

        var competence = result.Measure(A7Spec.Competence, Bootstrap.Estimate(floor.Select(f => (IReadOnlyList<double>)f).ToArray(), u => u.Average()));
        var first = result.Measure(A7Spec.FirstAFirst, Bootstrap.Estimate(units, u => u.Average(o => o.FirstShownFirst)));
        result.Measure(A7Spec.SecondAFirst, Bootstrap.Estimate(units, u => u.Average(o => o.SecondShownFirst)));
        var second = result.Measure(A7Spec.FirstBFirst, Bootstrap.Estimate(units, u => u.Average(o => o.FirstShownSecond)));
        result.Measure(A7Spec.SecondBFirst, Bootstrap.Estimate(units, u => u.Average(o => o.SecondShownSecond)));

        // Per trial, both orders: a preference for chain A's motifs adds to A-first and subtracts from B-first
        // primacy, so their average is primacy net of it; the A − B average is the motif preference itself.
        result.Measure(A7Spec.BalancedPrimacy, Bootstrap.Estimate(units, u => u.Average(o =>
            (o.FirstShownFirst + o.FirstShownSecond - o.SecondShownFirst - o.SecondShownSecond) / 2)));
        result.Measure(A7Spec.MotifPreference, Bootstrap.Estimate(units, u => u.Average(o =>
            (o.FirstShownFirst + o.SecondShownSecond - o.SecondShownFirst - o.FirstShownSecond) / 2)));
        var reading = new PaperReading(A7Spec.PaperReading);
        reading.Check(competence.Mean >= A7Spec.Floor, $"competence floor (≥ {BarText.Percent(A7Spec.Floor)} on training orders)");
        reading.Check(first.Mean >= A7Spec.FirstShownBar && first.Low > A7Spec.Chance,
            $"A-then-B: follows first-shown ≥ {BarText.Percent(A7Spec.FirstShownBar)} with interval above {BarText.Percent(A7Spec.Chance)} (got {first.Format()})");
        reading.Record(result);

        if (competence.Mean < A7Spec.Floor)
            return result.NotCompetent($"success on training orders is {competence.Mean:P1} < {BarText.Percent(A7Spec.Floor)}");
        result.Check(first.Mean >= A7Spec.FirstShownBar && first.Low > A7Spec.Chance, $"A-then-B: follows first-shown ≥ {BarText.Percent(A7Spec.FirstShownBar)} with interval above {BarText.Percent(A7Spec.Chance)} (got {first.Format()})");
        result.Check(second.Mean >= A7Spec.FirstShownBar && second.Low > A7Spec.Chance, $"B-then-A: follows first-shown ≥ {BarText.Percent(A7Spec.FirstShownBar)} with interval above {BarText.Percent(A7Spec.Chance)} (got {second.Format()})");
        return result.Finish();
    }

    /// <summary>One trial in both presentation orders: 1 when the completion follows that chain.</summary>
    private readonly record struct Outcome(double FirstShownFirst, double SecondShownFirst, double FirstShownSecond, double SecondShownSecond);
}
