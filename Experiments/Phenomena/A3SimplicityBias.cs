using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A3's procedure: samples the shared model of each seed, measures, and judges the bar of
/// <see cref="A3Spec"/>, where the protocol, thresholds and measurement keys are declared.
/// </summary>
public sealed class A3SimplicityBias() : SpecifiedPhenomenon(A3Spec.Id, A3Spec.Title, A3Spec.Claim, A3Spec.QuickRun, A3Spec.Bar)
{
    /// <inheritdoc />
    public override Applicability AppliesTo(ModelProfile model) => Applicability.ForTask(model, ModelProfile.Graph, GraphSubjects.Measures);

    /// <inheritdoc />
    public override PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ResultBuilder(this, context)
            .Parameter("task", SharedGraphModels.TaskPreset(context.Scale))
            .Parameter("steps", SharedGraphModels.Steps(context.Scale))
            .Parameter("temperature", A3Spec.Temperature)
            .Parameter("samples_per_pair", A3Spec.SamplesPerPair)
            .Parameter("max_pairs_per_seed", A3Spec.MaxPairsPerSeed)
            .Parameter("min_pair_validity", A3Spec.MinPairValidity);

        var differences = new List<double[]>();
        var floor = new List<double[]>();
        var pooled = A3Spec.PooledTemperatures.Select(_ => new List<PooledPair[]>()).ToArray(); // per T, per seed, per candidate pair
        foreach (var (seed, source, task, hash) in GraphSubjects.For(context))
        {
            result.Model(hash);
            var reachable = task.TestPairs.Where(task.IsReachable).ToArray();
            floor.Add([.. PathEvaluation.Sample(source, task, reachable, 0, 1, (ulong)seed).Select(s => s.Accuracy)]);

            Tasks.Paths.UniformRandom.Shuffle(new Random(seed), reachable);
            var candidates = reachable.Take(A3Spec.MaxPairsPerSeed).ToArray();
            context.Say($"A3 seed {seed}: sampling {candidates.Length} pairs × {A3Spec.SamplesPerPair} at T={BarText.Number(A3Spec.Temperature)}");
            var samples = PathEvaluation.Sample(source, task, candidates, A3Spec.Temperature, A3Spec.SamplesPerPair, (ulong)(seed + 7000));
            differences.Add([.. samples.Where(s => s.Accuracy >= A3Spec.MinPairValidity).Select(s =>
                s.Scored.Where(c => c.Outcome == PathOutcome.Valid).Average(c => (double)c.Length)
                - task.Paths(s.Pair.Goal).MeanPathLength(s.Pair.Start))]);

            // The paper's reading, on the same candidate pairs (and the same samples at the strict test's T).
            for (int t = 0; t < A3Spec.PooledTemperatures.Count; t++)
            {
                float temperature = A3Spec.PooledTemperatures[t];
                var atT = temperature == A3Spec.Temperature ? samples
                    : PathEvaluation.Sample(source, task, candidates, temperature, A3Spec.SamplesPerPair, (ulong)(seed + 8000 + 1000 * t));
                pooled[t].Add([.. atT.Select(s => new PooledPair(
                    s.Scored.Where(c => c.Outcome == PathOutcome.Valid).Sum(c => (double)c.Length),
                    s.Scored.Count(c => c.Outcome == PathOutcome.Valid), s.Scored.Count(),
                    task.Paths(s.Pair.Goal).MeanPathLength(s.Pair.Start)))]);
            }
        }

        var validity = result.Measure(A3Spec.Validity, Bootstrap.Estimate(floor.Select(f => (IReadOnlyList<double>)f).ToArray(), u => u.Average()));
        int pairs = differences.Sum(d => d.Length);
        result.Measure(A3Spec.KeptPairs, pairs);
        var reading = new PaperReading(A3Spec.PaperReading);
        reading.Check(validity.Mean >= A3Spec.Floor, $"competence floor (held-out validity at T=0 ≥ {BarText.Percent(A3Spec.Floor)})");
        for (int t = 0; t < A3Spec.PooledTemperatures.Count; t++)
        {
            float temperature = A3Spec.PooledTemperatures[t];
            result.Measure(A3Spec.PooledValidity.Of(temperature), Bootstrap.Estimate(pooled[t], u => u.Sum(p => p.Valid) / (double)u.Sum(p => p.Samples)));
            var pooledDifference = result.Measure(A3Spec.PooledDifference.Of(temperature), Bootstrap.Estimate(pooled[t], PooledPair.Difference));
            reading.Check(pooledDifference.Mean < 0 && pooledDifference.BelowZero,
                $"pooled generated paths shorter at T={BarText.Number(temperature)} (got {pooledDifference.Format()})");
        }
        reading.Record(result);
        if (validity.Mean < A3Spec.Floor)
            return result.NotCompetent($"held-out validity at T=0 is {validity.Mean:P1} < {BarText.Percent(A3Spec.Floor)}");
        if (pairs < A3Spec.MinPairs)
            return result.Inconclusive($"only {pairs} pairs reach {BarText.Percent(A3Spec.MinPairValidity)} validity at T={BarText.Number(A3Spec.Temperature)} (the protocol needs ≥ {A3Spec.MinPairs})");
        var mean = result.Measure(A3Spec.Difference, Bootstrap.Estimate(differences.Select(d => (IReadOnlyList<double>)d).ToArray(), u => u.Count == 0 ? double.NaN : u.Average()));
        var test = Wilcoxon.SignedRank([.. differences.SelectMany(d => d)]);
        result.Measure(A3Spec.WilcoxonP, test.PValue);
        result.Measure(A3Spec.WilcoxonZ, test.Z);
        result.Check(mean.Mean < 0 && mean.BelowZero, "mean difference < 0 with the interval excluding 0");
        result.Check(test.PValue < A3Spec.WilcoxonLevel && test.Z < 0, $"Wilcoxon signed-rank p < {BarText.Number(A3Spec.WilcoxonLevel)} (shorter)");
        return result.Finish();
    }

    /// <summary>One candidate pair at one temperature: its valid samples' total length and count, its samples, its exact mean true length.</summary>
    private readonly record struct PooledPair(double ValidLength, int Valid, int Samples, double TrueMean)
    {
        /// <summary>Pooled generated mean (every valid sample) minus the pooled true mean (pairs weighted equally); NaN without a valid sample.</summary>
        public static double Difference(IReadOnlyList<PooledPair> pairs)
        {
            int valid = pairs.Sum(p => p.Valid);
            return valid == 0 ? double.NaN : pairs.Sum(p => p.ValidLength) / valid - pairs.Average(p => p.TrueMean);
        }
    }
}
