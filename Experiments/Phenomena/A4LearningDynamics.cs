using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A4 (paper A): missteps disappear early in training; planning failures persist longer.
/// Protocol (docs/PHENOMENA.md §2): greedy completions of every held-out reachable pair at checkpoints
/// every 25 steps over the first 500 steps, then every 100 (recorded while the shared Bernoulli
/// model trains, <see cref="SharedGraphModels"/>). Misstep rate over all completions; planning-failure
/// rate among completions without a misstep, defined once ≥ 50 such completions exist. A rate's
/// settling step is the first checkpoint after which it stays below 5%. Bootstrap units are pairs:
/// both rates and both settling steps are recomputed on every resample.
/// </summary>
public sealed class A4LearningDynamics : IPhenomenon
{
    private const double SettledBelow = 0.05;
    private const int MinWithoutMisstep = 50;

    /// <inheritdoc />
    public string Id => "A4";

    /// <inheritdoc />
    public QuickScaleRun QuickRun => QuickScaleRun.Explicit;

    /// <inheritdoc />
    public string Title => "learning dynamics";

    /// <inheritdoc />
    public string Claim => "Missteps disappear early in training; planning failures persist longer.";

    /// <inheritdoc />
    public string Bar(Scale scale) =>
        "competence floor at the end (≥ 90% valid at T=0); settle(missteps) < settle(planning failures) on the mean over seeds, interval of the difference excluding 0";

    /// <summary>Why an external model cannot be measured: A4 observes training it does itself.</summary>
    public const string ExternalReason = "A4 measures a training run; an external model has no training to observe";

    /// <inheritdoc />
    public Applicability AppliesTo(ModelProfile model) => Applicability.No(ExternalReason);

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ResultBuilder(this, context)
            .Parameter("task", SharedGraphModels.TaskPreset(context.Scale))
            .Parameter("steps", SharedGraphModels.Steps(context.Scale))
            .Parameter("checkpoints", "every 25 steps to 500, then every 100")
            .Parameter("decoding", "greedy")
            .Parameter("settled_below", SettledBelow)
            .Parameter("planning_rate_min_completions", MinWithoutMisstep);
        if (context.ExternalModel is not null)
            return result.Inconclusive(ExternalReason);

        var unitsBySeed = new List<PathOutcome[][]>(); // per seed: per pair, its outcome at each checkpoint
        int[]? steps = null;
        foreach (int seed in context.Seeds)
        {
            var plan = SharedGraphModels.Plan(context.Scale, seed, context.Threads);
            var (_, trajectory) = SharedGraphModels.GetOrTrain(plan, context);
            result.Model(plan.CacheKey());
            steps ??= trajectory.Steps;
            if (!steps.SequenceEqual(trajectory.Steps))
                throw new InvalidDataException($"Seed {seed}'s trajectory has different checkpoints from seed {context.Seeds[0]}'s.");
            int pairs = trajectory.Outcomes[0].Length;
            unitsBySeed.Add([.. Enumerable.Range(0, pairs).Select(p => trajectory.Outcomes.Select(atCheckpoint => atCheckpoint[p]).ToArray())]);
        }
        var checkpoints = steps!;
        double censored = checkpoints[^1] + 100; // "never settled": one interval past the last checkpoint

        double SettleMisstep(IReadOnlyList<PathOutcome[]> units) => Settle(checkpoints, censored, i => MisstepRate(units, i));
        double SettlePlanning(IReadOnlyList<PathOutcome[]> units) => Settle(checkpoints, censored, i => PlanningRate(units, i));

        var finalValidity = result.Measure("validity at the last checkpoint (floor 0.90)",
            Bootstrap.Estimate(unitsBySeed, u => u.Average(o => o[^1] == PathOutcome.Valid ? 1.0 : 0.0)));
        var misstep = result.Measure("settle(missteps), steps", Bootstrap.Estimate(unitsBySeed, SettleMisstep));
        var planning = result.Measure("settle(planning failures), steps", Bootstrap.Estimate(unitsBySeed, SettlePlanning));
        var difference = result.Measure("settle(planning) − settle(missteps), steps", Bootstrap.Estimate(unitsBySeed, u => SettlePlanning(u) - SettleMisstep(u)));
        for (int s = 0; s < unitsBySeed.Count; s++)
        {
            result.Measure($"seed {context.Seeds[s]}: settle(missteps)", SettleMisstep(unitsBySeed[s]));
            result.Measure($"seed {context.Seeds[s]}: settle(planning)", SettlePlanning(unitsBySeed[s]));
        }
        if (misstep.Mean >= censored || planning.Mean >= censored)
            result.Parameter("note", $"a rate that never settled counts as step {censored}");

        if (finalValidity.Mean < 0.90)
            return result.NotCompetent($"validity at the last checkpoint is {finalValidity.Mean:P1} < 90%");
        result.Check(difference.Mean > 0 && difference.AboveZero, "settle(missteps) < settle(planning failures) with the interval of the difference excluding 0");
        return result.Finish();
    }

    /// <summary>Fraction of completions with a misstep at checkpoint i.</summary>
    internal static double MisstepRate(IReadOnlyList<PathOutcome[]> units, int i) =>
        units.Count(u => u[i] == PathOutcome.Misstep) / (double)units.Count;

    /// <summary>Planning failures among completions without a misstep at checkpoint i; NaN below 50 such completions.</summary>
    internal static double PlanningRate(IReadOnlyList<PathOutcome[]> units, int i)
    {
        int clean = units.Count(u => u[i] != PathOutcome.Misstep);
        return clean < MinWithoutMisstep ? double.NaN : units.Count(u => u[i] == PathOutcome.PlanningFailure) / (double)clean;
    }

    /// <summary>
    /// First checkpoint step after which the rate stays below 5% (an undefined rate does not count
    /// as settled); <paramref name="censored"/> when it never settles.
    /// </summary>
    internal static double Settle(int[] steps, double censored, Func<int, double> rate)
    {
        double settled = censored;
        for (int i = steps.Length - 1; i >= 0; i--)
        {
            double r = rate(i);
            if (double.IsNaN(r) || r >= SettledBelow) break;
            settled = steps[i];
        }
        return settled;
    }
}
