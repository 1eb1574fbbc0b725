using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks;
using GraphNav.Tasks.Formats;

namespace GraphNav.Experiments.Tests;

public class A1ScoresTests
{
    private static A1PairOutcome Unit(bool reachable, bool stepwise, bool direct) => new(new NodePair(0, 1), 3, reachable, stepwise, direct);

    [Test]
    public void Balanced_accuracy_is_the_mean_of_the_class_accuracies_not_the_pooled_accuracy()
    {
        // Reachable: 3 pairs, stepwise 2/3, direct 1/3. Unreachable: 1 pair, stepwise 0/1, direct 1/1.
        A1PairOutcome[] units = [Unit(reachable: true, stepwise: true, direct: false), Unit(reachable: true, stepwise: true, direct: false), Unit(reachable: true, stepwise: false, direct: true), Unit(reachable: false, stepwise: false, direct: true)];
        Assert.Multiple(() =>
        {
            Assert.That(A1Scores.ClassAccuracy(units, reachable: true, A1Format.Stepwise), Is.EqualTo(2 / 3.0).Within(1e-12));
            Assert.That(A1Scores.ClassAccuracy(units, reachable: false, A1Format.Stepwise), Is.EqualTo(0.0));
            Assert.That(A1Scores.BalancedAccuracy(units, A1Format.Stepwise), Is.EqualTo(1 / 3.0).Within(1e-12));
            Assert.That(A1Scores.BalancedAccuracy(units, A1Format.Direct), Is.EqualTo((1 / 3.0 + 1) / 2).Within(1e-12));
            Assert.That(A1Scores.Difference(units), Is.EqualTo(1 / 3.0 - 2 / 3.0).Within(1e-12));
        });
    }

    [Test]
    public void A_missing_class_gives_NaN_so_the_bootstrap_skips_the_resample()
    {
        A1PairOutcome[] onlyReachable = [Unit(reachable: true, stepwise: true, direct: true), Unit(reachable: true, stepwise: false, direct: true)];
        Assert.Multiple(() =>
        {
            Assert.That(A1Scores.ClassAccuracy(onlyReachable, reachable: false, A1Format.Direct), Is.NaN);
            Assert.That(A1Scores.BalancedAccuracy(onlyReachable, A1Format.Stepwise), Is.NaN);
            Assert.That(A1Scores.Difference([]), Is.NaN);
        });
    }

    [Test]
    public void Paired_bootstrap_of_a_constant_difference_has_a_degenerate_interval()
    {
        // Stepwise right on every pair, direct wrong on every reachable pair: difference 0.5 in every resample
        // that holds both classes.
        var seed = Enumerable.Range(0, 40).Select(i => Unit(reachable: i % 2 == 0, stepwise: true, direct: i % 2 == 1)).ToArray();
        var estimate = Bootstrap.Estimate([seed, seed], A1Scores.Difference, resamples: 200);
        Assert.Multiple(() =>
        {
            Assert.That(estimate.Mean, Is.EqualTo(0.5));
            Assert.That(estimate.Low, Is.EqualTo(0.5));
            Assert.That(estimate.High, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void Quick_setting_uses_the_registry_presets_and_the_calibration_token_budgets()
    {
        var quick = A1Spec.Setting(Scale.Quick);
        Assert.Multiple(() =>
        {
            Assert.That(quick.Stepwise.Name, Is.EqualTo("a1-stepwise"));
            Assert.That(quick.Direct.Name, Is.EqualTo("a1-direct"));
            Assert.That(quick.Delta, Is.EqualTo(2));
            Assert.That(quick.StepwiseTokens, Is.EqualTo(quick.StepwiseSteps * 64L * 16).And.InRange(1_900_000, 2_100_000));
            Assert.That(quick.DirectTokens, Is.InRange(3_500_000, 3_700_000));
        });
    }

    [TestCase(2)]
    [TestCase(4)]
    public void Paper_setting_runs_the_protocol_at_width_20_with_shared_pairs(int delta)
    {
        var paper = A1Spec.Setting(Scale.Paper, delta);
        var stepwise = paper.Stepwise.Create(0);
        var direct = paper.Direct.Create(0);
        Assert.Multiple(() =>
        {
            Assert.That(stepwise.Parameters["width"], Is.EqualTo(20));
            Assert.That(paper.Delta, Is.EqualTo(delta));
            Assert.That(stepwise.TestPairs.Count(stepwise.IsReachable), Is.GreaterThanOrEqualTo(100));
            Assert.That(stepwise.TestPairs.All(p => stepwise.Dag.Layer(p.Goal) - stepwise.Dag.Layer(p.Start) > delta));
            Assert.That(stepwise.Format, Is.EqualTo(SequenceFormat.Stepwise));
            Assert.That(direct.Format, Is.EqualTo(SequenceFormat.Direct));
            Assert.That(direct.TrainPairs, Is.EqualTo(stepwise.TrainPairs));
            Assert.That(direct.TestPairs, Is.EqualTo(stepwise.TestPairs));
            Assert.That(stepwise.TestPairs.Count(p => !stepwise.IsReachable(p)), Is.EqualTo(stepwise.TestPairs.Count(stepwise.IsReachable)));
            Assert.That(stepwise.TrainPairs.All(p => stepwise.Dag.Layer(p.Goal) - stepwise.Dag.Layer(p.Start) > 0));
        });
    }
}

/// <summary>Issue #18: A1's Bernoulli analogue holds the hierarchical setting's nodes, edges (in expectation), gaps and split.</summary>
public class A1BernoulliSettingTests
{
    [TestCase(Scale.Quick, 120, 0.0294)]
    [TestCase(Scale.Paper, 200, 0.0275)]
    public void Bernoulli_setting_matches_the_hierarchical_one_and_has_test_pairs_of_both_classes(Scale scale, int nodes, double p)
    {
        var hierarchical = A1Spec.Setting(scale);
        var bernoulli = A1Spec.BernoulliSetting(scale);
        var graph = (BernoulliGraph)bernoulli.Graph;
        int width = ((HierarchicalGraph)hierarchical.Graph).Width;
        Assert.Multiple(() =>
        {
            Assert.That(graph.Nodes, Is.EqualTo(nodes));
            Assert.That(graph.EdgeProbability, Is.EqualTo(p), "p matching the expected edge count, 4 decimals");
            Assert.That(graph.EdgeProbability * nodes * (nodes - 1) / 2, Is.EqualTo(A1Spec.ExpectedEdges((HierarchicalGraph)hierarchical.Graph)).Within(1.0));
            Assert.That(bernoulli.Split, Is.EqualTo(hierarchical.Split with { LayerWidth = width }), "same Δ, far fraction and test minimum");
            Assert.That((bernoulli.StepwiseSteps, bernoulli.DirectSteps), Is.EqualTo((hierarchical.StepwiseSteps, hierarchical.DirectSteps)));
        });
        foreach (int seed in PhenomenonContext.QuickSeeds)
        {
            var stepwise = bernoulli.Stepwise.Create(seed);
            var direct = bernoulli.Direct.Create(seed);
            var flat = hierarchical.Stepwise.Create(seed);
            int Gap(NodePair pair) => pair.Goal / width - pair.Start / width;
            var reachable = stepwise.TestPairs.Where(stepwise.IsReachable).ToArray();
            var unreachable = stepwise.TestPairs.Where(x => !stepwise.IsReachable(x)).ToArray();
            int longest = stepwise.TrainPairs.Concat(stepwise.TestPairs).Where(stepwise.IsReachable).Max(x => stepwise.Paths(x.Goal).LongestDistance(x.Start));
            Assert.Multiple(() =>
            {
                Assert.That(direct.TrainPairs, Is.EqualTo(stepwise.TrainPairs));
                Assert.That(direct.TestPairs, Is.EqualTo(stepwise.TestPairs));
                Assert.That(stepwise.Dag.IsLayered, Is.False);
                Assert.That(reachable, Has.Length.GreaterThanOrEqualTo(100));
                Assert.That(reachable.GroupBy(Gap).ToDictionary(g => g.Key, g => g.Count()), Is.EquivalentTo(unreachable.GroupBy(Gap).ToDictionary(g => g.Key, g => g.Count())));
                Assert.That(stepwise.TrainPairs.Count(x => Gap(x) <= A1Spec.MainDelta), Is.EqualTo(flat.TrainPairs.Count(x => flat.Dag.Layer(x.Goal) - flat.Dag.Layer(x.Start) <= A1Spec.MainDelta)),
                    "every pair with gap ≤ Δ is trained, and both graphs have the same number of them");
                Assert.That(longest + 5, Is.LessThanOrEqualTo(bernoulli.Stepwise.ContextLength + 1), "the longest sequence fits the context");
            });
            TestContext.Out.WriteLine($"{bernoulli.Label} seed {seed}: {stepwise.Dag.EdgeCount} edges, train {stepwise.TrainPairs.Count}, test {reachable.Length} per class " +
                $"(per gap {string.Join(" ", reachable.GroupBy(Gap).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"))}), longest path {longest} edges; " +
                $"hierarchical: {flat.Dag.EdgeCount} edges, train {flat.TrainPairs.Count}, test {flat.TestPairs.Count / 2} per class");
        }
    }
}

/// <summary>Issue #18: the direct model's competence floor must not be passable by always answering PATH.</summary>
public class A1FloorTests
{
    /// <summary>A direct model that answers PATH END to every prompt.</summary>
    private sealed class AlwaysPath(GraphTask task) : Experiments.Graph.ICompletionSource
    {
        public int VocabSize => task.Tokens.VocabularySize;
        public int? ContextLength => task.ContextLength;
        public int[][] Generate(IReadOnlyList<int[]> prompts, Models.Sampling.SamplingOptions options) =>
            [.. prompts.Select(_ => new[] { task.Tokens.Path, task.Tokens.End })];
    }

    [Test]
    public void A_direct_model_that_always_answers_PATH_is_below_the_floor()
    {
        var task = TaskPresets.Create("a1-direct", seed: 0);
        var floors = A1SeedMeasurement.DirectFloors(task, A1Spec.MainDelta, new AlwaysPath(task), seed: 0);
        Assert.Multiple(() =>
        {
            Assert.That(floors.Min(f => f.Average()), Is.LessThan(A1Spec.Floor), "NOPATH on unreachable training-distribution pairs counts");
            Assert.That(floors, Has.All.Not.Empty);
        });
    }
}
