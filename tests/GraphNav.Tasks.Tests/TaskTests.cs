using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Tasks.Tests;

public class TaskTests
{
    [Test]
    public void Reachable_pairs_match_brute_force()
    {
        var dag = DagGenerators.Bernoulli(15, 0.2, new Random(4));
        var expected = new List<NodePair>();
        for (int s = 0; s < 15; s++)
            for (int g = 0; g < 15; g++)
                if (s != g && TestGraphs.AllPaths(dag, s, g).Count > 0) expected.Add(new(s, g));
        Assert.That(PairSets.ReachablePairs(dag), Is.EqualTo(expected));
    }

    [Test]
    public void Split_is_seeded_disjoint_and_complete()
    {
        var pairs = Enumerable.Range(0, 101).Select(i => new NodePair(i, i + 1)).ToArray();
        var (train, test) = PairSets.Split(pairs, 0.8, new Random(5));
        var (train2, _) = PairSets.Split(pairs, 0.8, new Random(5));
        var (train3, _) = PairSets.Split(pairs, 0.8, new Random(6));
        Assert.Multiple(() =>
        {
            Assert.That(train, Has.Length.EqualTo(81));
            Assert.That(test, Has.Length.EqualTo(20));
            Assert.That(train.Concat(test), Is.EquivalentTo(pairs));
            Assert.That(train2, Is.EqualTo(train));
            Assert.That(train3, Is.Not.EqualTo(train));
            Assert.That(() => PairSets.Split(pairs, 1.2, new Random(0)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void Quick_preset_has_the_specified_shape()
    {
        var task = TaskPresets.Create("bernoulli-quick", 0);
        int reachable = PairSets.ReachablePairs(task.Dag).Length;
        Assert.Multiple(() =>
        {
            Assert.That(task.Dag.NodeCount, Is.EqualTo(100));
            Assert.That(task.Tokens.VocabularySize, Is.EqualTo(106));
            Assert.That(task.ContextLength, Is.EqualTo(32));
            Assert.That(task.TrainPairs.Count + task.TestPairs.Count, Is.EqualTo(reachable));
            Assert.That(task.TrainPairs.Intersect(task.TestPairs), Is.Empty);
            Assert.That(task.TrainPairs.Count, Is.EqualTo((int)Math.Round(0.8 * reachable, MidpointRounding.AwayFromZero)));
        });
        TestContext.Out.WriteLine($"bernoulli-quick seed 0: {task.Dag.EdgeCount} edges, {reachable} reachable pairs");
    }

    [Test]
    public void Every_preset_builds_and_fits_its_context([ValueSource(typeof(TaskPresets), nameof(TaskPresets.Names))] string name)
    {
        var task = TaskPresets.Create(name, 1);
        var stream = new ExampleStream(task, 2);
        var examples = new Example[64];
        stream.Fill(examples);
        foreach (var e in examples) Assert.That(e.Ids.Length - 1, Is.LessThanOrEqualTo(task.ContextLength));
        int longest = task.TrainPairs.Concat(task.TestPairs).Max(p => task.Paths(p.Goal).LongestDistance(p.Start));
        TestContext.Out.WriteLine($"{name}: {task.Dag.EdgeCount} edges, {task.TrainPairs.Count}/{task.TestPairs.Count} pairs, longest path {longest}");
    }

    [Test]
    public void Unknown_preset_lists_the_known_names()
    {
        Assert.That(() => TaskPresets.Get("bernouli-quick"),
            Throws.ArgumentException.With.Message.Contains("bernouli-quick").And.Message.Contains("hierarchical-quick"));
    }

    [Test]
    public void Example_stream_is_deterministic_uses_training_pairs_and_valid_uniform_paths()
    {
        var task = TaskPresets.Create("hierarchical-quick", 3);
        var train = task.TrainPairs.ToHashSet();
        var a = new ExampleStream(task, 11);
        var b = new ExampleStream(task, 11);
        var c = new ExampleStream(task, 12);
        bool anyDifferent = false;
        for (int i = 0; i < 500; i++)
        {
            var e = a.Next();
            Assert.That(e.Ids, Is.EqualTo(b.Next().Ids));
            anyDifferent |= !e.Ids.SequenceEqual(c.Next().Ids);
            var pair = new NodePair(e.Ids[1] - 6, e.Ids[0] - 6);
            Assert.That(train.Contains(pair), $"pair {pair} is a training pair");
            Assert.That(task.Score(pair, e.Completion).Outcome, Is.EqualTo(PathOutcome.Valid));
        }
        Assert.That(anyDifferent);
    }

    [Test]
    public void Context_too_short_for_the_longest_path_is_rejected()
    {
        var dag = new Dag(4, [(0, 1), (1, 2), (2, 3)]);
        // Path 0-1-2-3: 3 prompt + 4 nodes + END = 8 tokens, needs T ≥ 7.
        Assert.That(() => new GraphTask("t", TaskKinds.Bernoulli, new Dictionary<string, double>(), 0, dag, TokenMap.Default(4),
            SequenceFormat.Stepwise, 6, [new(0, 3)], []), Throws.ArgumentException.With.Message.Contains("T ≥ 7"));
        Assert.That(new GraphTask("t", TaskKinds.Bernoulli, new Dictionary<string, double>(), 0, dag, TokenMap.Default(4),
            SequenceFormat.Stepwise, 7, [new(0, 3)], []).ContextLength, Is.EqualTo(7));
    }
}
