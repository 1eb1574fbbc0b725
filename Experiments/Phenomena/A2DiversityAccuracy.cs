using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Statistics;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A2 (paper A): raising the sampling temperature lowers accuracy and raises diversity; the number
/// of distinct *valid* paths peaks at an intermediate temperature.
/// Protocol (PHENOMENA.md §2): on the shared Bernoulli model of each seed, ≥ 20 held-out pairs with
/// ≥ 10 true paths each (drawn with the seed), S = 200 samples per pair at T ∈ {0, 0.25, …, 3}.
/// Units of the bootstrap are pairs; every comparison is paired on the same pairs.
/// </summary>
public sealed class A2DiversityAccuracy : IPhenomenon
{
    private const int PairsPerSeed = 20, MinTruePaths = 10, SamplesPerPair = 200;
    private static readonly float[] Temperatures = [.. Enumerable.Range(0, 13).Select(i => i * 0.25f)];
    private const int Low = 2, High = 12; // indices of T = 0.5 and T = 3

    /// <inheritdoc />
    public string Id => "A2";

    /// <inheritdoc />
    public string Title => "diversity–accuracy trade-off";

    /// <inheritdoc />
    public string Claim => "Raising temperature lowers accuracy and raises diversity; distinct valid paths peak at an intermediate temperature.";

    /// <inheritdoc />
    public string Bar(Scale scale) =>
        "competence floor (≥ 90% valid at T=0); accuracy at T=3 below T=0.5; distinct paths (valid or not) at T=3 above T=0.5; " +
        "distinct valid paths maximal at an interior T* exceeding both T=0 and T=3, every interval excluding 0";

    /// <inheritdoc />
    public PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ResultBuilder(this, context)
            .Parameter("task", SharedGraphModels.TaskPreset(context.Scale))
            .Parameter("steps", SharedGraphModels.Steps(context.Scale))
            .Parameter("pairs_per_seed", PairsPerSeed)
            .Parameter("min_true_paths", MinTruePaths)
            .Parameter("samples_per_pair", SamplesPerPair)
            .Parameter("temperatures", string.Join(' ', Temperatures));

        var units = new List<PairStats[]>();   // per seed: the selected pairs' statistics
        var floor = new List<double[]>();      // per seed: greedy validity of every held-out reachable pair
        foreach (var (seed, source, task, hash) in GraphSubjects.For(context))
        {
            result.Model(hash);
            var reachable = task.TestPairs.Where(task.IsReachable).ToArray();
            floor.Add([.. PathEvaluation.Sample(source, task, reachable, 0, 1, (ulong)seed).Select(s => s.Accuracy)]);

            var eligible = reachable.Where(p => task.Paths(p.Goal).PathCount(p.Start) >= MinTruePaths).ToArray();
            if (eligible.Length < PairsPerSeed)
                return result.Inconclusive($"seed {seed}: only {eligible.Length} held-out pairs have ≥ {MinTruePaths} paths (need {PairsPerSeed})");
            Tasks.Paths.UniformRandom.Shuffle(new Random(seed), eligible);
            var chosen = eligible[..PairsPerSeed];

            var stats = chosen.Select(_ => new PairStats(Temperatures.Length)).ToArray();
            for (int t = 0; t < Temperatures.Length; t++)
            {
                context.Say($"A2 seed {seed}: T={Temperatures[t]:0.00}");
                var samples = PathEvaluation.Sample(source, task, chosen, Temperatures[t], SamplesPerPair, (ulong)(seed * 1000 + t));
                for (int p = 0; p < chosen.Length; p++)
                {
                    stats[p].Accuracy[t] = samples[p].Accuracy;
                    stats[p].Distinct[t] = samples[p].DistinctCompletions;
                    stats[p].DistinctValid[t] = samples[p].DistinctValidPaths;
                }
            }
            units.Add(stats);
        }

        var validity = result.Measure("held-out validity at T=0 (floor 0.90)", Bootstrap.Estimate(floor.Select(f => (IReadOnlyList<double>)f).ToArray(), u => u.Average()));
        for (int t = 0; t < Temperatures.Length; t++)
        {
            int ti = t;
            result.Measure($"accuracy at T={Temperatures[t]:0.00}", Bootstrap.Estimate(units, u => u.Average(s => s.Accuracy[ti])));
            result.Measure($"distinct valid paths at T={Temperatures[t]:0.00}", Bootstrap.Estimate(units, u => u.Average(s => s.DistinctValid[ti])));
        }
        var accuracyDrop = result.Measure("accuracy(T=0.5) − accuracy(T=3)", Bootstrap.Estimate(units, u => u.Average(s => s.Accuracy[Low] - s.Accuracy[High])));
        var diversityRise = result.Measure("distinct paths(T=3) − distinct paths(T=0.5)", Bootstrap.Estimate(units, u => u.Average(s => s.Distinct[High] - s.Distinct[Low])));
        int peak = Enumerable.Range(0, Temperatures.Length).MaxBy(t => units.Average(seed => seed.Average(s => s.DistinctValid[t])));
        result.Measure("T* (argmax of distinct valid paths)", Temperatures[peak]);
        var overGreedy = result.Measure("distinct valid(T*) − distinct valid(T=0)", Bootstrap.Estimate(units, u => u.Average(s => s.DistinctValid[peak] - s.DistinctValid[0])));
        var overHot = result.Measure("distinct valid(T*) − distinct valid(T=3)", Bootstrap.Estimate(units, u => u.Average(s => s.DistinctValid[peak] - s.DistinctValid[High])));

        if (validity.Mean < 0.90)
            return result.NotCompetent($"held-out validity at T=0 is {validity.Mean:P1} < 90%");
        result.Check(accuracyDrop.Mean > 0 && accuracyDrop.AboveZero, "accuracy at T=3 below T=0.5 (interval excluding 0)");
        result.Check(diversityRise.Mean > 0 && diversityRise.AboveZero, "distinct paths at T=3 above T=0.5 (interval excluding 0)");
        result.Check(peak > 0 && peak < Temperatures.Length - 1, $"T* interior (got T*={Temperatures[peak]})");
        result.Check(overGreedy.AboveZero && overHot.AboveZero, "distinct valid paths at T* exceed both T=0 and T=3 (intervals excluding 0)");
        return result.Finish();
    }

    /// <summary>Per-pair statistics at each temperature (one bootstrap unit).</summary>
    private sealed class PairStats(int temperatures)
    {
        public double[] Accuracy { get; } = new double[temperatures];
        public double[] Distinct { get; } = new double[temperatures];
        public double[] DistinctValid { get; } = new double[temperatures];
    }
}
