using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A4's procedure: reads the trajectory recorded while the shared model of each seed trained, measures,
/// and judges the bar of <see cref="A4Spec"/>, where the protocol, thresholds and measurement keys are declared.
/// </summary>
public sealed class A4LearningDynamics() : SpecifiedPhenomenon(A4Spec.Id, A4Spec.Title, A4Spec.Claim, A4Spec.QuickRun, A4Spec.Bar)
{
    private const double SettledBelow = A4Spec.SettledBelow;
    private const int MinWithoutMisstep = A4Spec.MinWithoutMisstep;

    /// <summary>Why an external model cannot be measured: A4 observes training it does itself.</summary>
    public const string ExternalReason = A4Spec.ExternalReason;

    /// <inheritdoc />
    public override Applicability AppliesTo(ModelProfile model) => Applicability.No(ExternalReason);

    /// <inheritdoc />
    public override PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ResultBuilder(this, context)
            .Parameter("task", SharedGraphModels.TaskPreset(context.Scale))
            .Parameter("steps", SharedGraphModels.Steps(context.Scale))
            .Parameter("checkpoints", A4Spec.Checkpoints)
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

        var finalValidity = result.Measure(A4Spec.FinalValidity,
            Bootstrap.Estimate(unitsBySeed, u => u.Average(o => o[^1] == PathOutcome.Valid ? 1.0 : 0.0)));
        var misstep = result.Measure(A4Spec.SettleMissteps, Bootstrap.Estimate(unitsBySeed, SettleMisstep));
        var planning = result.Measure(A4Spec.SettlePlanning, Bootstrap.Estimate(unitsBySeed, SettlePlanning));
        var difference = result.Measure(A4Spec.SettleDifference, Bootstrap.Estimate(unitsBySeed, u => SettlePlanning(u) - SettleMisstep(u)));
        for (int s = 0; s < unitsBySeed.Count; s++)
        {
            result.Measure(A4Spec.SeedSettleMissteps.Of(context.Seeds[s]), SettleMisstep(unitsBySeed[s]));
            result.Measure(A4Spec.SeedSettlePlanning.Of(context.Seeds[s]), SettlePlanning(unitsBySeed[s]));
        }
        var reading = new PaperReading(A4Spec.PaperReading);
        foreach (double fraction in A4Spec.CrossingFractions)
        {
            string percent = BarText.Points(fraction);
            double CrossMisstep(IReadOnlyList<PathOutcome[]> units) => Cross(checkpoints, censored, fraction, i => MisstepRate(units, i));
            double CrossPlanning(IReadOnlyList<PathOutcome[]> units) => Cross(checkpoints, censored, fraction, i => PlanningRate(units, i));
            result.Measure(A4Spec.CrossMissteps.Of(percent), Bootstrap.Estimate(unitsBySeed, CrossMisstep));
            result.Measure(A4Spec.CrossPlanning.Of(percent), Bootstrap.Estimate(unitsBySeed, CrossPlanning));
            var offset = result.Measure(A4Spec.CrossDifference.Of(percent), Bootstrap.Estimate(unitsBySeed, u => CrossPlanning(u) - CrossMisstep(u)));
            reading.Check(offset.Mean > 0 && offset.AboveZero, $"planning failures cross {percent}% later than missteps with the interval excluding 0 (got {offset.Format("0.0")})");
        }
        reading.Record(result);
        if (misstep.Mean >= censored || planning.Mean >= censored)
            result.Parameter("note", $"a rate that never settled counts as step {censored}");

        if (finalValidity.Mean < A4Spec.Floor)
            return result.NotCompetent($"validity at the last checkpoint is {finalValidity.Mean:P1} < {BarText.Percent(A4Spec.Floor)}");
        result.Check(difference.Mean > 0 && difference.AboveZero, "settle(missteps) < settle(planning failures) with the interval of the difference excluding 0");
        return result.Finish();
    }

    /// <summary>Fraction of completions with a misstep at checkpoint i.</summary>
    internal static double MisstepRate(IReadOnlyList<PathOutcome[]> units, int i) =>
        units.Count(u => u[i] == PathOutcome.Misstep) / (double)units.Count;

    /// <summary>Planning failures among completions without a misstep at checkpoint i; NaN below <see cref="A4Spec.MinWithoutMisstep"/> such completions.</summary>
    internal static double PlanningRate(IReadOnlyList<PathOutcome[]> units, int i)
    {
        int clean = units.Count(u => u[i] != PathOutcome.Misstep);
        return clean < MinWithoutMisstep ? double.NaN : units.Count(u => u[i] == PathOutcome.PlanningFailure) / (double)clean;
    }

    /// <summary>
    /// First checkpoint step after the rate's peak where it falls below <paramref name="fraction"/> × the
    /// peak (undefined checkpoints are skipped); <paramref name="censored"/> when it never does. The peak
    /// stands for the paper's "initial value": the first checkpoints mostly see format errors (END or a
    /// special first), so a rate rises before it falls, and its value at the first checkpoint says nothing.
    /// </summary>
    internal static double Cross(int[] steps, double censored, double fraction, Func<int, double> rate)
    {
        var rates = Enumerable.Range(0, steps.Length).Select(rate).ToArray();
        int peak = -1;
        for (int i = 0; i < rates.Length; i++)
            if (!double.IsNaN(rates[i]) && (peak < 0 || rates[i] > rates[peak])) peak = i;
        if (peak < 0 || rates[peak] <= 0) return censored;
        for (int i = peak + 1; i < rates.Length; i++)
            if (!double.IsNaN(rates[i]) && rates[i] < fraction * rates[peak]) return steps[i];
        return censored;
    }

    /// <summary>
    /// First checkpoint step after which the rate stays below <see cref="A4Spec.SettledBelow"/> (an undefined rate does not count
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
