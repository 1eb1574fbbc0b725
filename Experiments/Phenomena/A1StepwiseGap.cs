using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A1's procedure: trains (or loads) both models per seed, measures, and judges the bar of
/// <see cref="A1Spec"/>, where the protocol, thresholds and measurement keys are declared.
/// </summary>
public sealed class A1StepwiseGap : SpecifiedPhenomenon
{
    /// <summary>Measures one seed of one setting: training (or loading) both models and scoring them.</summary>
    private readonly Func<A1Setting, int, PhenomenonContext, A1SeedMeasurement> _measureSeed;

    /// <summary>The phenomenon as the suite runs it: each seed trains or loads its models (<see cref="A1SeedMeasurement.Run"/>).</summary>
    public A1StepwiseGap() : this(A1SeedMeasurement.Run)
    {
    }

    /// <summary>The same procedure and judgement over seeds measured by <paramref name="measureSeed"/>
    /// (tests judge given outcomes without training any model).</summary>
    internal A1StepwiseGap(Func<A1Setting, int, PhenomenonContext, A1SeedMeasurement> measureSeed)
        : base(A1Spec.Id, A1Spec.Title, A1Spec.Claim, A1Spec.QuickRun, A1Spec.Bar)
    {
        ArgumentNullException.ThrowIfNull(measureSeed);
        _measureSeed = measureSeed;
    }

    /// <summary>Why an external model cannot be measured: A1 observes training it does itself.</summary>
    public const string ExternalReason = "A1 trains its own stepwise and direct models on one split; an external model cannot be compared";

    /// <inheritdoc />
    public override Applicability AppliesTo(ModelProfile model) => Applicability.No(ExternalReason);

    /// <inheritdoc />
    public override PhenomenonResult Run(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var main = A1Spec.Setting(context.Scale);
        var result = new ResultBuilder(this, context);
        Describe(result, main, "");
        result.Parameter("decoding", "greedy (T=0)")
            .Parameter("lr", "1e-3 (AdamW, 100 warmup steps, cosine to 1e-4), batch 64, paper-A GPT 2 layers × 64, 2 heads");
        if (context.ExternalModel is not null)
            return result.Inconclusive(ExternalReason);

        var runs = Measure(main, context, result);
        var floors = Floors(result, runs, key => key);
        var (stepR, stepU, difference) = Scores(result, runs, key => key, "");

        A1SeedMeasurement[]? wide = null, bernoulli = null;
        if (context.Scale == Scale.Paper)
        {
            var delta4 = A1Spec.Setting(context.Scale, A1Spec.WideDelta);
            Describe(result, delta4, " (Δ=4)");
            wide = Measure(delta4, context, result);
            floors = [.. floors, .. Floors(result, wide, A1Spec.Wide)];
            Scores(result, wide, A1Spec.Wide, " (Δ=4)");

            var analogue = A1Spec.BernoulliSetting(context.Scale);
            Describe(result, analogue, " (Bernoulli)");
            result.Parameter("bernoulli_analogue", A1Spec.BernoulliAnalogue(context.Scale));
            bernoulli = Measure(analogue, context, result);
            // The Bernoulli models must have learned their own task, or their gap says nothing about the graph.
            floors = [.. floors, .. Floors(result, bernoulli, A1Spec.Bernoulli)];
            Scores(result, bernoulli, A1Spec.Bernoulli, " (Bernoulli)");
        }

        foreach (var (name, estimate) in floors)
            if (estimate.Mean < A1Spec.Floor)
                return result.NotCompetent($"{name} is {estimate.Mean:P1} < {A1Spec.Floor:P0}");

        double minGap = A1Spec.MinimumGap(context.Scale);
        result.Check(stepR.Mean >= A1Spec.ClassBar && stepU.Mean >= A1Spec.ClassBar,
            $"stepwise ≥ 70% on each class (got reachable {stepR.Mean:P1}, unreachable {stepU.Mean:P1})");
        result.Check(difference.Mean >= minGap && difference.AboveZero,
            $"stepwise − direct ≥ {minGap:0.00} with interval excluding 0 (got {difference})");
        if (wide is not null && bernoulli is not null)
        {
            var gapOfGaps = result.Measure(A1Spec.GapOfGaps, UnpairedGapDifference(runs, wide));
            result.Check(gapOfGaps.AboveZero, $"gap(Δ=2) > gap(Δ=4) (interval above 0; got {gapOfGaps})");
            var versus = result.Measure(A1Spec.HierarchicalMinusBernoulli, UnpairedGapDifference(runs, bernoulli));
            result.Check(versus.AboveZero, $"gap(hierarchical) > gap(Bernoulli) (interval above 0; got {versus})");
        }
        return result.Finish();
    }

    /// <summary>
    /// gap(<paramref name="first"/>) − gap(<paramref name="second"/>), where gap is stepwise − direct balanced
    /// accuracy. The two settings have different test pairs (another Δ, or another graph), so the comparison is
    /// unpaired: each seed's units are both settings' pairs, tagged, resampled together within the seed.
    /// </summary>
    internal static Estimate UnpairedGapDifference(A1SeedMeasurement[] first, A1SeedMeasurement[] second)
    {
        var units = first.Zip(second, (a, b) => (IReadOnlyList<(bool First, A1PairOutcome Unit)>)
            [.. a.Test.Select(u => (true, u)), .. b.Test.Select(u => (false, u))]).ToArray();
        return Bootstrap.Estimate(units, u =>
            A1Scores.Difference([.. u.Where(x => x.First).Select(x => x.Unit)]) - A1Scores.Difference([.. u.Where(x => !x.First).Select(x => x.Unit)]));
    }

    private static void Describe(ResultBuilder result, A1Setting setting, string suffix)
    {
        result.Parameter("task" + suffix, $"{setting.Stepwise.Name} / {setting.Direct.Name}")
            .Parameter("graph" + suffix, setting.GraphDescription)
            .Parameter("delta" + suffix, setting.Delta)
            .Parameter("far_train_fraction" + suffix, setting.Split.FarTrainFraction)
            .Parameter("context" + suffix, setting.Stepwise.ContextLength)
            .Parameter("stepwise_steps" + suffix, setting.StepwiseSteps)
            .Parameter("stepwise_tokens" + suffix, setting.StepwiseTokens)
            .Parameter("direct_steps" + suffix, setting.DirectSteps)
            .Parameter("direct_tokens" + suffix, setting.DirectTokens);
    }

    private A1SeedMeasurement[] Measure(A1Setting setting, PhenomenonContext context, ResultBuilder result)
    {
        var runs = new A1SeedMeasurement[context.Seeds.Count];
        for (int s = 0; s < runs.Length; s++)
        {
            runs[s] = _measureSeed(setting, context.Seeds[s], context);
            foreach (var key in runs[s].ModelKeys) result.Model(key);
        }
        return runs;
    }

    /// <summary>Measures the competence floor of both models; returns the estimates to check.</summary>
    private static (string Name, Estimate Value)[] Floors(ResultBuilder result, A1SeedMeasurement[] runs, Func<MeasureKey, MeasureKey> variant)
    {
        var stepwiseKey = variant(A1Spec.StepwiseFloor);
        var directKey = variant(A1Spec.DirectFloor);
        var stepwise = result.Measure(stepwiseKey, Bootstrap.Estimate(runs.Select(r => (IReadOnlyList<double>)r.StepwiseTrainValidity).ToArray(), u => u.Average()));
        var direct = result.Measure(directKey, Bootstrap.Estimate(runs.Select(r => (IReadOnlyList<double>)r.DirectTrainValidity).ToArray(), u => u.Average()));
        var noPathKey = variant(A1Spec.DirectNoPathFloor);
        var noPath = result.Measure(noPathKey, Bootstrap.Estimate(runs.Select(r => (IReadOnlyList<double>)r.DirectTrainNoPath).ToArray(), u => u.Average()));
        return [(stepwiseKey.Label, stepwise), (directKey.Label, direct), (noPathKey.Label, noPath)];
    }

    /// <summary>Measures per-class, balanced and paired-difference scores; returns what the bar checks.</summary>
    private static (Estimate StepwiseReachable, Estimate StepwiseUnreachable, Estimate Difference) Scores(
        ResultBuilder result, A1SeedMeasurement[] runs, Func<MeasureKey, MeasureKey> variant, string parameterSuffix)
    {
        var units = runs.Select(r => (IReadOnlyList<A1PairOutcome>)r.Test).ToArray();
        int layers = runs[0].ReachableFractionByGap.Length;
        string text = string.Join(' ', Enumerable.Range(0, layers).Select(g =>
            runs.Average(r => r.ReachableFractionByGap[g]).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        result.Parameter($"reachable_fraction_by_gap{parameterSuffix}", text);
        result.Measure(variant(A1Spec.TestPairsPerClass), runs.Average(r => r.Test.Count(u => u.Reachable)));

        var stepR = result.Measure(variant(A1Spec.StepwiseReachable), Bootstrap.Estimate(units, u => A1Scores.ClassAccuracy(u, reachable: true, A1Format.Stepwise)));
        var stepU = result.Measure(variant(A1Spec.StepwiseUnreachable), Bootstrap.Estimate(units, u => A1Scores.ClassAccuracy(u, reachable: false, A1Format.Stepwise)));
        result.Measure(variant(A1Spec.DirectReachable), Bootstrap.Estimate(units, u => A1Scores.ClassAccuracy(u, reachable: true, A1Format.Direct)));
        result.Measure(variant(A1Spec.DirectUnreachable), Bootstrap.Estimate(units, u => A1Scores.ClassAccuracy(u, reachable: false, A1Format.Direct)));
        result.Measure(variant(A1Spec.StepwiseBalanced), Bootstrap.Estimate(units, u => A1Scores.BalancedAccuracy(u, A1Format.Stepwise)));
        result.Measure(variant(A1Spec.DirectBalanced), Bootstrap.Estimate(units, u => A1Scores.BalancedAccuracy(u, A1Format.Direct)));
        var difference = result.Measure(variant(A1Spec.Difference), Bootstrap.Estimate(units, A1Scores.Difference));
        foreach (var run in runs)
            result.Measure(variant(A1Spec.SeedDifference.Of(run.Seed)), A1Scores.Difference(run.Test));
        int maxGap = runs.Max(r => r.Test.Max(u => u.Gap));
        for (int gap = runs.Min(r => r.Test.Min(u => u.Gap)); gap <= maxGap; gap++)
        {
            int g = gap;
            var atGap = runs.Select(r => (IReadOnlyList<A1PairOutcome>)[.. r.Test.Where(u => u.Gap == g)]).Where(u => u.Count > 0).ToArray();
            if (atGap.Length == 0) continue;
            result.Measure(variant(A1Spec.GapStepwise.Of(g)), atGap.Average(u => A1Scores.BalancedAccuracy(u, A1Format.Stepwise)));
            result.Measure(variant(A1Spec.GapDirect.Of(g)), atGap.Average(u => A1Scores.BalancedAccuracy(u, A1Format.Direct)));
        }
        return (stepR, stepU, difference);
    }
}
