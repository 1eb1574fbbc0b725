using System.Text.Json.Nodes;
using GraphNav.Tasks.Files;

namespace GraphNav.Tasks.Tests;

public class TaskFileTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "graphnav-taskfile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static GraphTask Quick() => TaskPresets.Create("hierarchical-quick", 4);

    [Test]
    public void Directory_round_trip_preserves_graph_pairs_tokens_and_stream()
    {
        var task = Quick();
        TaskFile.WriteDirectory(task, _dir, trainExamples: 200, streamSeed: 9, referenceSeed: 10);
        var loaded = TaskFile.Load(_dir);
        var fromFile = TaskFile.Load(Path.Combine(_dir, TaskFile.TaskJson));
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Dag.Edges(), Is.EqualTo(task.Dag.Edges()));
            Assert.That(loaded.Dag.Layers, Is.EqualTo(task.Dag.Layers));
            Assert.That(loaded.TrainPairs, Is.EqualTo(task.TrainPairs));
            Assert.That(loaded.TestPairs, Is.EqualTo(task.TestPairs));
            Assert.That(loaded.Tokens, Is.EqualTo(task.Tokens));
            Assert.That(loaded.Format, Is.EqualTo(task.Format));
            Assert.That(loaded.ContextLength, Is.EqualTo(task.ContextLength));
            Assert.That(loaded.Parameters, Is.EquivalentTo(task.Parameters));
            Assert.That((loaded.Name, loaded.Kind, loaded.Seed), Is.EqualTo((task.Name, task.Kind, task.Seed)));
            Assert.That(fromFile.Dag.Edges(), Is.EqualTo(task.Dag.Edges()));
        });
        // The exported training lines are the stream, and the loaded task regenerates the same stream.
        var lines = TaskFile.ReadExamples(Path.Combine(_dir, TaskFile.TrainJsonl));
        Assert.That(lines, Has.Count.EqualTo(200));
        var original = new ExampleStream(task, 9);
        var reloaded = new ExampleStream(loaded, 9);
        foreach (var line in lines)
        {
            var e = original.Next();
            Assert.That(line.Ids, Is.EqualTo(e.Ids));
            Assert.That(line.LossFrom, Is.EqualTo(e.LossFrom));
            Assert.That(line.ToExample().Ids, Is.EqualTo(e.Ids));
            Assert.That(reloaded.Next().Ids, Is.EqualTo(e.Ids));
        }
        var test = TaskFile.ReadExamples(Path.Combine(_dir, TaskFile.TestJsonl));
        Assert.That(test, Has.Count.EqualTo(task.TestPairs.Count));
        for (int i = 0; i < test.Count; i++)
        {
            var pair = task.TestPairs[i];
            Assert.That((test[i].Start, test[i].Goal), Is.EqualTo(((int?)pair.Start, (int?)pair.Goal)));
            Assert.That(task.Score(pair, test[i].Ids.AsSpan(test[i].LossFrom)).Outcome, Is.EqualTo(Scoring.PathOutcome.Valid));
        }
    }

    [Test]
    public void Missing_files_are_named()
    {
        Assert.That(() => TaskFile.Load(Path.Combine(_dir, "nope.json")), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("nope.json"));
        TaskFile.WriteTaskJson(Quick(), Path.Combine(_dir, TaskFile.TaskJson));
        Assert.That(() => TaskFile.Load(_dir), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("train.jsonl"));
    }

    [Test]
    public void Truncated_json_is_reported_with_the_file_name()
    {
        string path = Path.Combine(_dir, "task.json");
        TaskFile.WriteTaskJson(Quick(), path);
        string text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length / 2)]);
        Assert.That(() => TaskFile.Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("not valid JSON"));
    }

    private static IEnumerable<TestCaseData> Corruptions()
    {
        yield return new TestCaseData((Action<JsonObject>)(j => j["schema"] = "graphnav.task/2"), "graphnav.task/2").SetName("Wrong_schema");
        yield return new TestCaseData((Action<JsonObject>)(j => j["edges"]!.AsArray()[0] = new JsonArray(30, 5)), "30→5").SetName("Edge_not_increasing");
        yield return new TestCaseData((Action<JsonObject>)(j => j["train_pairs"]!.AsArray()[0] = new JsonArray(0, 500)), "(0, 500)").SetName("Pair_out_of_range");
        yield return new TestCaseData((Action<JsonObject>)(j => j["tokens"]!["END"] = 1), "collision").SetName("Token_collision");
        yield return new TestCaseData((Action<JsonObject>)(j => j["tokens"]!["PAD"] = 10), "node 4").SetName("Token_collides_with_node");
        yield return new TestCaseData((Action<JsonObject>)(j => j.Remove("edges")), "edges").SetName("Missing_edges");
        yield return new TestCaseData((Action<JsonObject>)(j => j["format"] = "zigzag"), "zigzag").SetName("Unknown_format");
        yield return new TestCaseData((Action<JsonObject>)(j => j["kind"] = "spiral"), "spiral").SetName("Unknown_kind");
        yield return new TestCaseData((Action<JsonObject>)(j => j["context_length"] = 5), "Context length 5").SetName("Context_too_short");
    }

    [TestCaseSource(nameof(Corruptions))]
    public void Invalid_content_is_reported_with_the_file_and_the_problem(Action<JsonObject> corrupt, string expected)
    {
        string path = Path.Combine(_dir, "task.json");
        TaskFile.WriteTaskJson(Quick(), path);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        corrupt(json);
        File.WriteAllText(path, json.ToJsonString());
        Assert.That(() => TaskFile.Load(path),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains(expected));
    }

    [Test]
    public void A_failed_write_keeps_the_previous_file()
    {
        string path = Path.Combine(_dir, "task.json");
        var task = Quick();
        TaskFile.WriteTaskJson(task, path);
        string before = File.ReadAllText(path);
        Assert.That(() => AtomicFile.Write(path, s => { s.WriteByte(1); throw new IOException("disk full"); }), Throws.InstanceOf<IOException>());
        Assert.That(File.ReadAllText(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(1), "the temporary file is removed");
    }

    [Test]
    public void Bad_jsonl_lines_are_named()
    {
        string path = Path.Combine(_dir, "train.jsonl");
        File.WriteAllText(path, "{\"ids\":[1,2,3],\"loss_from\":1}\n{\"ids\":[1,2],\"loss_from\":7}\n");
        Assert.That(() => TaskFile.ReadExamples(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("line 2"));
    }
}
