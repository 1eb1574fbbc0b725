using GraphNav.Tasks.Files;
using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Tasks.Tests;

/// <summary>Task files in a model's own token ids: partial specials, tokens files, nodes-first, the vocabulary check.</summary>
public class TokenLayoutTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-tokens").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static GraphTask Quick() => TaskPresets.Create("bernoulli-quick", 0);

    [Test]
    public void A_map_without_a_special_names_it_when_asked_and_never_matches_it()
    {
        var map = new TokenMap(new Dictionary<string, int> { [":"] = 100, ["END"] = 101 }, 0, 100);
        Assert.Multiple(() =>
        {
            Assert.That(map.VocabularySize, Is.EqualTo(102));
            Assert.That(map.Has(TokenMap.PadName), Is.False);
            Assert.That(() => map.Pad, Throws.TypeOf<InvalidDataException>().With.Message.Contains("'PAD'"));
            Assert.That(map.IsNoPath(-1), Is.False, "an absent token matches no id, not even the sentinel");
            Assert.That(map.IsEnd(101) && !map.IsEnd(100));
            Assert.That(map.Specials.Select(kv => kv.Key), Is.EqualTo(new[] { ":", "END" }));
            Assert.That(() => new TokenMap(new Dictionary<string, int> { ["EOS"] = 3 }, 4, 10),
                Throws.ArgumentException.With.Message.Contains("'EOS'"));
        });
    }

    [Test]
    public void The_default_layout_still_writes_all_six_specials()
    {
        // Existing task files, model metadata and cache keys depend on this text: the default map is unchanged.
        var json = TaskFile.ToJson(Quick());
        Assert.That(json, Does.Contain("\"tokens\":{\"PAD\":0,\":\":1,\"END\":2,\"PATH\":3,\"NOPATH\":4,\"EXEMPLAR\":5},\"node_token_base\":6,\"vocabulary_size\":106"));
    }

    [Test]
    public void Nodes_first_puts_the_specials_after_the_nodes_and_keeps_the_data()
    {
        var task = Quick();
        var nodesFirst = TokenLayout.NodesFirst.Apply(task);
        Assert.Multiple(() =>
        {
            Assert.That(nodesFirst.Tokens.Specials, Is.EqualTo(new Dictionary<string, int> { ["PAD"] = 102, [":"] = 100, ["END"] = 101 }));
            Assert.That(nodesFirst.Tokens.NodeBase, Is.Zero);
            Assert.That(nodesFirst.Tokens.VocabularySize, Is.EqualTo(103));
        });
        // Same stream, ids mapped: node k 6+k → k, ':' 1 → 100, END 2 → 101.
        int Map(int id) => id switch { 1 => 100, 2 => 101, >= 6 => id - 6, _ => throw new AssertionException($"unexpected id {id}") };
        var original = new ExampleStream(task, 3);
        var mapped = new ExampleStream(nodesFirst, 3);
        for (int i = 0; i < 200; i++)
        {
            var a = original.Next();
            var b = mapped.Next();
            Assert.That(b.Ids, Is.EqualTo(a.Ids.Select(Map).ToArray()), $"example {i}");
            Assert.That(b.LossFrom, Is.EqualTo(a.LossFrom));
        }
    }

    [Test]
    public void Nodes_first_adds_nopath_only_for_a_task_with_unreachable_pairs()
    {
        var a1 = TokenLayout.NodesFirst.Apply(TaskPresets.Create("a1-stepwise", 0));
        var direct = TokenLayout.NodesFirst.Apply(TaskPresets.Create("a1-direct", 0));
        Assert.Multiple(() =>
        {
            Assert.That(a1.Tokens.Find(TokenMap.NoPathName), Is.EqualTo(123));
            Assert.That(a1.Tokens.Has(TokenMap.PathName), Is.False);
            Assert.That(direct.Tokens.Find(TokenMap.PathName), Is.EqualTo(124));
        });
    }

    [Test]
    public void A_nodes_first_task_directory_round_trips()
    {
        var task = TokenLayout.NodesFirst.Apply(Quick());
        TaskFile.WriteDirectory(task, _dir, trainExamples: 20, streamSeed: 0, referenceSeed: 0);
        var loaded = TaskFile.Load(_dir);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Tokens, Is.EqualTo(task.Tokens));
            Assert.That(TaskFile.ReadExamples(Path.Combine(_dir, TaskFile.TrainJsonl)).SelectMany(e => e.Ids!).Max(), Is.LessThan(102),
                "PAD is never part of an example");
        });
    }

    [TestCase("{\"nodes\": 0, \":\": 100, \"END\": 100}", "both have id 100")]
    [TestCase("{\"nodes\": 0, \":\": 50, \"END\": 101}", "node 50")]
    [TestCase("{\":\": 100, \"END\": 101}", "\"nodes\"")]
    [TestCase("{\"nodes\": 0, \":\": 100, \"EOS\": 101}", "'EOS'")]
    [TestCase("{\"nodes\": 0, \":\": 100}", "'END'")]
    [TestCase("[1, 2]", "not a JSON object")]
    public void A_bad_tokens_file_is_refused_naming_the_problem(string json, string named)
    {
        var path = Path.Combine(_dir, "tokens.json");
        File.WriteAllText(path, json);
        Assert.That(() => TokenLayout.Resolve(path).Apply(Quick()),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains(named).And.Message.Contains("tokens.json"));
    }

    [Test]
    public void A_tokens_file_with_specials_before_the_nodes_and_a_gap_is_accepted()
    {
        var path = Path.Combine(_dir, "tokens.json");
        File.WriteAllText(path, "{\"nodes\": 10, \"END\": 0, \":\": 7}");
        var task = TokenLayout.Resolve(path).Apply(Quick());
        Assert.Multiple(() =>
        {
            Assert.That(task.Tokens.VocabularySize, Is.EqualTo(110));
            Assert.That(task.Prompt(task.TestPairs[0]), Is.EqualTo(new[] { 10 + task.TestPairs[0].Goal, 10 + task.TestPairs[0].Start, 7 }));
            // An id in the layout's gap (3) is neither a node nor a declared token: a wrong step.
            Assert.That(task.Score(task.TestPairs[0], [3]).Outcome, Is.EqualTo(PathOutcome.Misstep));
            Assert.That(task.Score(task.TestPairs[0], [0]).Outcome, Is.EqualTo(PathOutcome.FormatError));
        });
    }

    [Test]
    public void The_vocabulary_check_is_about_the_ids_the_task_uses_and_names_the_first_uncovered()
    {
        var nodesFirst = TokenLayout.NodesFirst.Apply(Quick());
        var withoutPad = nodesFirst.WithTokens(new TokenMap(new Dictionary<string, int> { [":"] = 100, ["END"] = 101, ["PAD"] = 500 }, 0, 100));
        Assert.Multiple(() =>
        {
            Assert.That(() => nodesFirst.RequireVocabulary(103, "m"), Throws.Nothing);
            Assert.That(() => nodesFirst.RequireVocabulary(1000, "m"), Throws.Nothing, "a larger model vocabulary is fine");
            Assert.That(() => withoutPad.RequireVocabulary(102, "m"), Throws.Nothing, "evaluation pads nothing: PAD is not checked");
            Assert.That(() => nodesFirst.RequireVocabulary(101, "m"),
                Throws.ArgumentException.With.Message.Contains("token 'END' (id 101)"));
            Assert.That(() => Quick().RequireVocabulary(103, "model.onnx"),
                Throws.ArgumentException.With.Message.Contains("model.onnx outputs 103 ids").And.Message.Contains("node 99 (id 105)"));
        });
    }

    [Test]
    public void A_task_whose_sequences_need_a_missing_token_is_refused_naming_it()
    {
        var a1 = TaskPresets.Create("a1-stepwise", 0);
        var colonEndOnly = new TokenMap(new Dictionary<string, int> { [":"] = 0, ["END"] = 1 }, 2, a1.Dag.NodeCount);
        Assert.That(() => a1.WithTokens(colonEndOnly), Throws.ArgumentException.With.Message.Contains("'NOPATH'"));
    }
}
