using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A7 (paper A): with two conflicting exemplar chains, the model follows the first.
/// Protocol (docs/PHENOMENA.md §2): on the shared motif model of each seed (<see cref="MotifModels"/>, no extra
/// training), trials of two 3-motif orders (a, b, c) and (a, d, c) and one query from a's source layer to
/// c's sink layer; the context shows both exemplar chains (two junctions each), in both presentation
/// orders on the same trials. A completion follows a chain when it is a valid path on that order's
/// unrolled chain. The fraction is over all trials (a completion following neither counts against).
/// Bootstrap units are trials.
/// </summary>
public sealed class A7PrimacyBias : IPhenomenon
{
    private const int Trials = 150, FloorTrials = 200;

    /// <inheritdoc />
    public string Id => "A7";

    /// <inheritdoc />
    public QuickScaleRun QuickRun => QuickScaleRun.None;

    /// <inheritdoc />
    public string Title => "primacy bias between conflicting exemplars";

    /// <inheritdoc />
    public string Claim => "With two conflicting exemplar chains, the model follows the first.";

    /// <inheritdoc />
    public string Bar(Scale scale) =>
        "competence floor (≥ 90% success on training orders); fraction following the first-shown chain ≥ 60%, " +
        "with the interval above 50%, in each presentation order";

    /// <inheritdoc />
    public Applicability AppliesTo(ModelProfile model) => Applicability.ForTask(model, ModelProfile.Motif, MotifSubjects.Measures);

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var example = MotifModels.Plan(context.Scale, context.Seeds[0], context.Threads);
        var result = new ResultBuilder(this, context)
            .Parameter("model", "the A6 motif model of each seed (no extra training)")
            .Parameter("steps", example.Training.Steps)
            .Parameter("training_tokens_per_seed", example.Tokens)
            .Parameter("trials_per_presentation_order", Trials)
            .Parameter("conflict", "orders (a,b,c) vs (a,d,c); context = one chain's 2 junction exemplars, then the other's")
            .Parameter("decoding", "greedy (T=0)");

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
            result.Measure($"seed {seed}: success on training orders", floor[^1].Average());
            result.Measure($"seed {seed}: follows first-shown (A first)", outcomes.Average(o => o.FirstShownFirst));
            result.Measure($"seed {seed}: follows first-shown (B first)", outcomes.Average(o => o.FirstShownSecond));
            context.Say($"A7 seed {seed}: floor {floor[^1].Average():P1}, first-shown {outcomes.Average(o => o.FirstShownFirst):P1} / {outcomes.Average(o => o.FirstShownSecond):P1}");
        }

        var competence = result.Measure("success on training orders (floor 0.90)", Bootstrap.Estimate(floor.Select(f => (IReadOnlyList<double>)f).ToArray(), u => u.Average()));
        var first = result.Measure("follows first-shown chain, order A-then-B", Bootstrap.Estimate(units, u => u.Average(o => o.FirstShownFirst)));
        result.Measure("follows second-shown chain, order A-then-B", Bootstrap.Estimate(units, u => u.Average(o => o.SecondShownFirst)));
        var second = result.Measure("follows first-shown chain, order B-then-A", Bootstrap.Estimate(units, u => u.Average(o => o.FirstShownSecond)));
        result.Measure("follows second-shown chain, order B-then-A", Bootstrap.Estimate(units, u => u.Average(o => o.SecondShownSecond)));

        if (competence.Mean < MotifFloor.Required)
            return result.NotCompetent($"success on training orders is {competence.Mean:P1} < 90%");
        result.Check(first.Mean >= 0.60 && first.Low > 0.5, $"A-then-B: follows first-shown ≥ 60% with interval above 50% (got {first.Format()})");
        result.Check(second.Mean >= 0.60 && second.Low > 0.5, $"B-then-A: follows first-shown ≥ 60% with interval above 50% (got {second.Format()})");
        return result.Finish();
    }

    /// <summary>One trial in both presentation orders: 1 when the completion follows that chain.</summary>
    private readonly record struct Outcome(double FirstShownFirst, double SecondShownFirst, double FirstShownSecond, double SecondShownSecond);
}
