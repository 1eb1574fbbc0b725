using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;
using GraphNav.Tasks;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// Issue #18: A1's paper-scale bar includes gap(hierarchical) > gap(Bernoulli). These tests judge given
/// per-seed outcomes (no model is trained), so the paper-scale judgement itself is what they check.
/// </summary>
public class A1PaperComparisonTests
{
    private const int PairsPerClass = 200;

    /// <summary>Stepwise and direct accuracy (both classes) that each arm's synthetic outcomes have.</summary>
    private sealed record Accuracies(double Stepwise, double Direct);

    /// <summary>
    /// A seed's outcomes: <see cref="PairsPerClass"/> pairs of each class whose first
    /// accuracy · 100 of every 100 are right, so an arm's gap is stepwise − direct exactly; the
    /// competence floors all hold.
    /// </summary>
    private static A1SeedMeasurement Synthetic(A1Setting setting, int seed, Accuracies accuracies)
    {
        var test = new List<A1PairOutcome>();
        foreach (bool reachable in new[] { true, false })
            for (int i = 0; i < PairsPerClass; i++)
            {
                int rank = i % 100;
                var pair = new NodePair(i, PairsPerClass + i + (reachable ? 0 : PairsPerClass));
                test.Add(new A1PairOutcome(pair, setting.Delta + 1 + i % 3, reachable, rank < accuracies.Stepwise * 100, rank < accuracies.Direct * 100));
            }
        double[] ones = [.. Enumerable.Repeat(1.0, 50)];
        return new A1SeedMeasurement(seed, [.. test], ones, ones, ones, [0.2, 0.4, 0.6], [$"{setting.Label}-{seed}-stepwise", $"{setting.Label}-{seed}-direct"]);
    }

    private static PhenomenonResult JudgePaperScale(Accuracies hierarchical, Accuracies wide, Accuracies bernoulli)
    {
        var phenomenon = new A1StepwiseGap((setting, seed, _) => Synthetic(setting, seed,
            setting.Stepwise.Graph is BernoulliGraph ? bernoulli : setting.Delta == A1Spec.MainDelta ? hierarchical : wide));
        return phenomenon.Run(new PhenomenonContext(Scale.Paper, [0, 1], Threads: 1, ModelCache.Default));
    }

    [Test]
    public void Paper_scale_measures_gap_hierarchical_minus_gap_Bernoulli_and_judges_it()
    {
        var result = JudgePaperScale(hierarchical: new(0.90, 0.60), wide: new(0.85, 0.80), bernoulli: new(0.85, 0.80));
        var comparison = result.Measurements.SingleOrDefault(m => m.Key == A1Spec.HierarchicalMinusBernoulli.Key);
        Assert.Multiple(() =>
        {
            Assert.That(result.Reason, Does.Not.Contain("not implemented"));
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Pass), result.Reason);
            Assert.That(comparison, Is.Not.Null, "the comparison is recorded with its interval");
            Assert.That(comparison!.Mean, Is.EqualTo(0.30 - 0.05).Within(1e-9));
            Assert.That(comparison.Low, Is.GreaterThan(0));
            Assert.That(result.Measurements.Select(m => m.Key), Does.Contain(A1Spec.Bernoulli(A1Spec.Difference).Key), "the Bernoulli arm's own gap is recorded");
        });
    }

    [Test]
    public void Paper_scale_fails_when_the_Bernoulli_gap_is_as_large_as_the_hierarchical_one()
    {
        var result = JudgePaperScale(hierarchical: new(0.90, 0.60), wide: new(0.85, 0.80), bernoulli: new(0.90, 0.60));
        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Fail), result.Reason);
            Assert.That(result.Reason, Does.Contain("gap(hierarchical) > gap(Bernoulli)"));
        });
    }
}
