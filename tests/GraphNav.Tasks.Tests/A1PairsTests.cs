using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Tasks.Tests;

public class A1PairsTests
{
    [Test]
    public void Sets_follow_the_A1_protocol()
    {
        var dag = DagGenerators.Hierarchical(10, 12, 0.15, new Random(0));
        var set = A1Pairs.Build(dag, delta: 2, farTrainFraction: 0.05, minTestPerClass: 100, new Random(1));
        int Gap(NodePair p) => dag.Layer(p.Goal) - dag.Layer(p.Start);
        bool Reach(NodePair p) => new Paths.GoalPaths(dag, p.Goal).CanReach(p.Start);

        int allNear = 0, allFar = 0;
        for (int s = 0; s < dag.NodeCount; s++)
            for (int g = s + 1; g < dag.NodeCount; g++)
            {
                int gap = dag.Layer(g) - dag.Layer(s);
                if (gap > 0 && gap <= 2) allNear++;
                else if (gap > 2) allFar++;
            }
        var train = set.Train.ToHashSet();
        var test = set.TestReachable.Concat(set.TestUnreachable).ToHashSet();
        int farTrain = set.Train.Count(p => Gap(p) > 2);
        Assert.Multiple(() =>
        {
            Assert.That(set.Train.Count(p => Gap(p) <= 2), Is.EqualTo(allNear), "every near pair is trained");
            Assert.That(set.Train.Any(p => Gap(p) <= 2 && !Reach(p)), "near unreachable pairs are trained (NOPATH)");
            Assert.That(set.Train.Any(p => Gap(p) > 2 && Reach(p)) && set.Train.Any(p => Gap(p) > 2 && !Reach(p)), "far pairs of both classes in training");
            Assert.That(farTrain, Is.EqualTo(allFar * 0.05).Within(2), "≈5% of far pairs in training");
            Assert.That(train.Overlaps(test), Is.False);
            Assert.That(set.TestReachable.All(p => Reach(p) && Gap(p) > 2));
            Assert.That(set.TestUnreachable.All(p => !Reach(p) && Gap(p) > 2));
            Assert.That(set.TestReachable, Has.Length.GreaterThanOrEqualTo(100));
            Assert.That(set.TestReachable.GroupBy(Gap).ToDictionary(g => g.Key, g => g.Count()),
                Is.EquivalentTo(set.TestUnreachable.GroupBy(Gap).ToDictionary(g => g.Key, g => g.Count())), "gap distribution matched");
            Assert.That(set.TestCountPerGap.Values.Sum(), Is.EqualTo(set.TestReachable.Length));
        });
        TestContext.Out.WriteLine($"A1 seed 0: train {set.Train.Length} ({farTrain} far), test {set.TestReachable.Length} per class; per gap "
            + string.Join(" ", set.TestCountPerGap.Select(kv => $"{kv.Key}:{kv.Value}")));
    }

    [Test]
    public void Too_few_test_pairs_is_an_error_with_the_counts()
    {
        var dag = DagGenerators.Hierarchical(5, 3, 0.3, new Random(0));
        Assert.That(() => A1Pairs.Build(dag, 2, 0.05, 100, new Random(0)), Throws.ArgumentException.With.Message.Contains("need ≥ 100"));
    }

    [Test]
    public void Stepwise_and_direct_presets_share_graph_and_pairs_and_encode_both_classes()
    {
        var stepwise = TaskPresets.Create("a1-stepwise", 2);
        var direct = TaskPresets.Create("a1-direct", 2);
        Assert.That(direct.Dag.Edges(), Is.EqualTo(stepwise.Dag.Edges()));
        Assert.That(direct.TrainPairs, Is.EqualTo(stepwise.TrainPairs));
        Assert.That(direct.TestPairs, Is.EqualTo(stepwise.TestPairs));
        var rng = new Random(0);
        var reachable = stepwise.TrainPairs.First(stepwise.IsReachable);
        var unreachable = stepwise.TrainPairs.First(p => !stepwise.IsReachable(p));
        Assert.Multiple(() =>
        {
            Assert.That(stepwise.Encode(unreachable, rng).Completion.ToArray(), Is.EqualTo(new[] { 4, 2 }));
            Assert.That(direct.Encode(unreachable, rng).Completion.ToArray(), Is.EqualTo(new[] { 4, 2 }));
            Assert.That(direct.Encode(reachable, rng).Completion.ToArray(), Is.EqualTo(new[] { 3, 2 }));
            Assert.That(stepwise.Score(reachable, stepwise.Encode(reachable, rng).Completion).Outcome, Is.EqualTo(PathOutcome.Valid));
            Assert.That(stepwise.Decide(unreachable, stepwise.Encode(unreachable, rng).Completion), Is.EqualTo(ReachabilityDecision.Unreachable));
            Assert.That(direct.Format, Is.EqualTo(SequenceFormat.Direct));
        });
    }

    /// <summary>A1's Bernoulli analogue (issue #18): layers are blocks of W consecutive nodes, the split is the hierarchical one's.</summary>
    [Test]
    public void Bernoulli_analogue_split_measures_gaps_in_blocks_and_follows_the_A1_protocol()
    {
        const int width = 6, delta = 2;
        var split = new A1Split(Delta: delta, FarTrainFraction: 0.05, MinTestPerClass: 10, LayerWidth: width);
        var rng = new Random(3);
        var dag = DagGenerators.Bernoulli(60, 0.06, rng);
        var (train, test) = split.Draw(dag, rng);
        int Gap(NodePair p) => p.Goal / width - p.Start / width;
        var paths = Enumerable.Range(0, dag.NodeCount).Select(goal => new Paths.GoalPaths(dag, goal)).ToArray();
        bool Reach(NodePair p) => paths[p.Goal].CanReach(p.Start);

        var all = Enumerable.Range(0, dag.NodeCount).SelectMany(s => Enumerable.Range(s + 1, dag.NodeCount - s - 1).Select(g => new NodePair(s, g))).ToArray();
        var near = all.Where(p => Gap(p) is > 0 and <= delta).ToArray();
        var far = all.Where(p => Gap(p) > delta).ToArray();
        var farTrain = train.Where(p => Gap(p) > delta).ToArray();
        var testReachable = test.Where(Reach).ToArray();
        var testUnreachable = test.Where(p => !Reach(p)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(split.LayersOf(dag), Is.EqualTo(Enumerable.Range(0, 60).Select(i => i / width)), "layer of node i = ⌊i / W⌋");
            Assert.That(train.Where(p => Gap(p) <= delta), Is.EquivalentTo(near), "every near pair is trained, within-block pairs never");
            Assert.That(near.Any(Reach) && near.Any(p => !Reach(p)), "near pairs of both classes");
            Assert.That(far.Any(p => Reach(p) && dag.HasEdge(p.Start, p.Goal)), "some far pairs are one edge apart: what makes the graph the control");
            Assert.That(farTrain.Count(Reach), Is.EqualTo(Math.Round(far.Count(Reach) * 0.05, MidpointRounding.AwayFromZero)), "5% of far reachable pairs trained");
            Assert.That(farTrain.Count(p => !Reach(p)), Is.EqualTo(Math.Round(far.Count(p => !Reach(p)) * 0.05, MidpointRounding.AwayFromZero)), "5% of far unreachable pairs trained");
            Assert.That(train.Intersect(test), Is.Empty);
            Assert.That(test.All(p => Gap(p) > delta));
            Assert.That(testReachable, Has.Length.GreaterThanOrEqualTo(10));
            Assert.That(testReachable.GroupBy(Gap).ToDictionary(g => g.Key, g => g.Count()),
                Is.EquivalentTo(testUnreachable.GroupBy(Gap).ToDictionary(g => g.Key, g => g.Count())), "classes balanced per gap");
        });
        var again = new Random(3);
        var (train2, test2) = split.Draw(DagGenerators.Bernoulli(60, 0.06, again), again);
        Assert.Multiple(() =>
        {
            Assert.That(train2, Is.EqualTo(train), "same seed, same training pairs");
            Assert.That(test2, Is.EqualTo(test), "same seed, same test pairs");
        });
        TestContext.Out.WriteLine($"Bernoulli analogue N=60 W=6: train {train.Length} ({farTrain.Length} far), test {testReachable.Length} per class");
    }

    [Test]
    public void Layer_width_is_required_without_layers_and_refused_with_them()
    {
        var bernoulli = DagGenerators.Bernoulli(30, 0.1, new Random(0));
        var hierarchical = DagGenerators.Hierarchical(5, 6, 0.3, new Random(0));
        Assert.Multiple(() =>
        {
            Assert.That(() => new A1Split(2, 0.05, 1).LayersOf(bernoulli), Throws.ArgumentException.With.Message.Contains("layer_width"));
            Assert.That(() => new A1Split(2, 0.05, 1, LayerWidth: 6).LayersOf(hierarchical), Throws.ArgumentException.With.Message.Contains("own layers"));
            Assert.That(new A1Split(2, 0.05, 1).Parameters.Select(kv => kv.Key), Is.EqualTo(new[] { "delta", "far_train_fraction", "min_test_per_class" }),
                "a hierarchical split writes the parameters it always wrote");
            Assert.That(new A1Split(2, 0.05, 1, LayerWidth: 6).Parameters, Does.Contain(new KeyValuePair<string, double>("layer_width", 6)));
        });
    }
}
