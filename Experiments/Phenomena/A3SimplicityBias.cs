using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A3 (paper A): generated valid paths are shorter than the true paths for the same pairs.
/// Protocol (docs/PHENOMENA.md §2): on the shared Bernoulli model of each seed, sample held-out pairs at
/// T=1; keep pairs whose validity is ≥ 95% (≥ 30 pairs); per pair, the mean length of its valid
/// generated paths minus the exact mean length of a uniformly sampled true path (from path counts).
/// Paired over pairs: bootstrap interval of the mean difference and a Wilcoxon signed-rank test.
/// PaperScale only: a PyTorch calibration found +0.000 [−0.015, 0.016] at quick scale (§6).
/// </summary>
public sealed class A3SimplicityBias : IPhenomenon
{
    private const int SamplesPerPair = 100, MaxPairsPerSeed = 300, MinPairs = 30;
    private const double MinValidity = 0.95;

    /// <inheritdoc />
    public string Id => "A3";

    /// <inheritdoc />
    public QuickScaleRun QuickRun => QuickScaleRun.None;

    /// <inheritdoc />
    public string Title => "simplicity bias";

    /// <inheritdoc />
    public string Claim => "Generated valid paths are shorter than the true paths for the same pairs.";

    /// <inheritdoc />
    public string Bar(Scale scale) =>
        "on pairs with validity ≥ 95% at T=1 (≥ 30 pairs): mean(generated − true path length) < 0 with the interval excluding 0, and Wilcoxon signed-rank p < 0.01 over pairs";

    /// <inheritdoc />
    public Applicability AppliesTo(ModelProfile model) => Applicability.ForTask(model, ModelProfile.Graph, GraphSubjects.Measures);

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ResultBuilder(this, context)
            .Parameter("task", SharedGraphModels.TaskPreset(context.Scale))
            .Parameter("steps", SharedGraphModels.Steps(context.Scale))
            .Parameter("temperature", 1)
            .Parameter("samples_per_pair", SamplesPerPair)
            .Parameter("max_pairs_per_seed", MaxPairsPerSeed)
            .Parameter("min_pair_validity", MinValidity);

        var differences = new List<double[]>();
        var floor = new List<double[]>();
        foreach (var (seed, source, task, hash) in GraphSubjects.For(context))
        {
            result.Model(hash);
            var reachable = task.TestPairs.Where(task.IsReachable).ToArray();
            floor.Add([.. PathEvaluation.Sample(source, task, reachable, 0, 1, (ulong)seed).Select(s => s.Accuracy)]);

            Tasks.Paths.UniformRandom.Shuffle(new Random(seed), reachable);
            var candidates = reachable.Take(MaxPairsPerSeed).ToArray();
            context.Say($"A3 seed {seed}: sampling {candidates.Length} pairs × {SamplesPerPair} at T=1");
            var samples = PathEvaluation.Sample(source, task, candidates, 1, SamplesPerPair, (ulong)(seed + 7000));
            differences.Add([.. samples.Where(s => s.Accuracy >= MinValidity).Select(s =>
                s.Scored.Where(c => c.Outcome == PathOutcome.Valid).Average(c => (double)c.Length)
                - task.Paths(s.Pair.Goal).MeanPathLength(s.Pair.Start))]);
        }

        var validity = result.Measure("held-out validity at T=0 (floor 0.90)", Bootstrap.Estimate(floor.Select(f => (IReadOnlyList<double>)f).ToArray(), u => u.Average()));
        int pairs = differences.Sum(d => d.Length);
        result.Measure("pairs with validity ≥ 95% at T=1", pairs);
        if (validity.Mean < 0.90)
            return result.NotCompetent($"held-out validity at T=0 is {validity.Mean:P1} < 90%");
        if (pairs < MinPairs)
            return result.Inconclusive($"only {pairs} pairs reach 95% validity at T=1 (the protocol needs ≥ {MinPairs})");
        var mean = result.Measure("generated − true mean path length (edges)", Bootstrap.Estimate(differences.Select(d => (IReadOnlyList<double>)d).ToArray(), u => u.Count == 0 ? double.NaN : u.Average()));
        var test = Wilcoxon.SignedRank([.. differences.SelectMany(d => d)]);
        result.Measure("Wilcoxon signed-rank p", test.PValue);
        result.Measure("Wilcoxon z", test.Z);
        result.Check(mean.Mean < 0 && mean.BelowZero, "mean difference < 0 with the interval excluding 0");
        result.Check(test.PValue < 0.01 && test.Z < 0, "Wilcoxon signed-rank p < 0.01 (shorter)");
        return result.Finish();
    }
}
