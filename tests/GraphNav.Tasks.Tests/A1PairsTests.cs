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
}
