using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Statistics;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A2's procedure: samples the shared model of each seed at every temperature, measures, and judges
/// the bar of <see cref="A2Spec"/>, where the protocol, thresholds and measurement keys are declared.
/// </summary>
public sealed class A2DiversityAccuracy() : SpecifiedPhenomenon(A2Spec.Id, A2Spec.Title, A2Spec.Claim, A2Spec.QuickRun, A2Spec.Bar)
{
    private static readonly IReadOnlyList<float> Temperatures = A2Spec.Temperatures;
    private const int PairsPerSeed = A2Spec.PairsPerSeed, MinTruePaths = A2Spec.MinTruePaths, SamplesPerPair = A2Spec.SamplesPerPair;
    private const int Low = A2Spec.Low, High = A2Spec.High;

    /// <inheritdoc />
    public override Applicability AppliesTo(ModelProfile model) => Applicability.ForTask(model, ModelProfile.Graph, GraphSubjects.Measures);

    /// <inheritdoc />
    public override PhenomenonResult Run(PhenomenonContext context)
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
        var floor = new List<UnitValues>();    // per seed: greedy validity of every held-out reachable pair
        foreach (var (seed, source, task, hash) in GraphSubjects.For(context))
        {
            result.Model(hash);
            var reachable = task.TestPairs.Where(task.IsReachable).ToArray();
            floor.Add(new UnitValues(seed, [.. reachable.Select(UnitId)],
                [.. PathEvaluation.Sample(source, task, reachable, 0, 1, (ulong)seed).Select(s => s.Accuracy)]));

            var eligible = reachable.Where(p => task.Paths(p.Goal).PathCount(p.Start) >= MinTruePaths).ToArray();
            if (eligible.Length < PairsPerSeed)
                return result.Inconclusive($"seed {seed}: only {eligible.Length} held-out pairs have ≥ {MinTruePaths} paths (need {PairsPerSeed})");
            Tasks.Paths.UniformRandom.Shuffle(new Random(seed), eligible);
            var chosen = eligible[..PairsPerSeed];

            var stats = chosen.Select(p => new PairStats(seed, UnitId(p), Temperatures.Count)).ToArray();
            for (int t = 0; t < Temperatures.Count; t++)
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

        // Every measurement but those of T* is a mean over pairs within each seed: recorded with its per-pair values.
        IReadOnlyList<UnitValues> PerPair(Func<PairStats, double> value) =>
            [.. units.Select(seed => new UnitValues(seed[0].Seed, [.. seed.Select(s => s.Unit)], [.. seed.Select(value)]))];

        var validity = result.Measure(A2Spec.Validity, floor);
        for (int t = 0; t < Temperatures.Count; t++)
        {
            int ti = t;
            result.Measure(A2Spec.AccuracyAt.Of(Temperatures[t]), PerPair(s => s.Accuracy[ti]));
            result.Measure(A2Spec.DistinctValidAt.Of(Temperatures[t]), PerPair(s => s.DistinctValid[ti]));
        }
        var accuracyDrop = result.Measure(A2Spec.AccuracyDrop, PerPair(s => s.Accuracy[Low] - s.Accuracy[High]));
        var diversityRise = result.Measure(A2Spec.DiversityRise, PerPair(s => s.Distinct[High] - s.Distinct[Low]));
        int peak = Enumerable.Range(0, Temperatures.Count).MaxBy(t => units.Average(seed => seed.Average(s => s.DistinctValid[t])));
        result.Measure(A2Spec.Peak, Temperatures[peak]);
        // T* is chosen over all seeds at once, so these two are not per-seed means of fixed per-pair values:
        // they keep no per-unit values (a merge of shards, each with its own T*, must not recombine them).
        var overGreedy = result.Measure(A2Spec.PeakOverGreedy, Bootstrap.Estimate(units, u => u.Average(s => s.DistinctValid[peak] - s.DistinctValid[0])));
        var overHot = result.Measure(A2Spec.PeakOverHot, Bootstrap.Estimate(units, u => u.Average(s => s.DistinctValid[peak] - s.DistinctValid[High])));

        if (validity.Mean < A2Spec.Floor)
            return result.NotCompetent($"held-out validity at T=0 is {validity.Mean:P1} < {BarText.Percent(A2Spec.Floor)}");
        result.Check(accuracyDrop.Mean > 0 && accuracyDrop.AboveZero, "accuracy at T=3 below T=0.5 (interval excluding 0)");
        result.Check(diversityRise.Mean > 0 && diversityRise.AboveZero, "distinct paths at T=3 above T=0.5 (interval excluding 0)");
        result.Check(peak > 0 && peak < Temperatures.Count - 1, $"T* interior (got T*={Temperatures[peak]})");
        result.Check(overGreedy.AboveZero && overHot.AboveZero, "distinct valid paths at T* exceed both T=0 and T=3 (intervals excluding 0)");
        return result.Finish();
    }

    /// <summary>The id of a pair in the per-unit values of the record: "start-goal".</summary>
    private static string UnitId(Tasks.NodePair pair) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{pair.Start}-{pair.Goal}");

    /// <summary>Per-pair statistics at each temperature (one bootstrap unit).</summary>
    private sealed class PairStats(int seed, string unit, int temperatures)
    {
        public int Seed { get; } = seed;
        public string Unit { get; } = unit;
        public double[] Accuracy { get; } = new double[temperatures];
        public double[] Distinct { get; } = new double[temperatures];
        public double[] DistinctValid { get; } = new double[temperatures];
    }
}
