using System.Text.Json.Nodes;
using GraphNav.Tasks.Files;
using GraphNav.Tasks.Motifs;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Tasks.Tests;

public class MotifTaskFileTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "graphnav-motiffile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Directory_round_trip_preserves_motifs_orders_and_stream()
    {
        var task = MotifTask.CreateQuick(3);
        MotifTaskFile.WriteDirectory(task, _dir, trainExamples: 50, streamSeed: 4, referenceSeed: 5, queriesPerOrder: 2);
        var loaded = MotifTaskFile.Load(_dir);
        Assert.Multiple(() =>
        {
            for (int m = 0; m < task.Set.MotifCount; m++)
                Assert.That(loaded.Set.Motif(m).Edges(), Is.EqualTo(task.Set.Motif(m).Edges()));
            Assert.That(loaded.TrainOrders, Is.EqualTo(task.TrainOrders));
            Assert.That(loaded.HeldOutOrders, Is.EqualTo(task.HeldOutOrders));
            Assert.That(loaded.LongOrders, Is.EqualTo(task.LongOrders));
            Assert.That(loaded.ContextLength, Is.EqualTo(task.ContextLength));
        });
        var train = TaskFile.ReadExamples(Path.Combine(_dir, TaskFile.TrainJsonl));
        var stream = new MotifStream(loaded.Set, loaded.TrainOrders, 4);
        foreach (var line in train) Assert.That(line.Ids, Is.EqualTo(stream.Next().Example.Ids));
        var test = TaskFile.ReadExamples(Path.Combine(_dir, TaskFile.TestJsonl));
        Assert.That(test, Has.Count.EqualTo(2 * (task.HeldOutOrders.Count + task.LongOrders.Count)));
        foreach (var line in test)
        {
            var chain = loaded.Set.Chain(line.Order!);
            var query = new MotifQuery(line.Order!, line.Start!.Value, line.Goal!.Value, []);
            Assert.That(chain.Score(query, line.Ids.AsSpan(line.LossFrom)).Outcome, Is.EqualTo(PathOutcome.Valid));
        }
    }

    [Test]
    public void Graph_and_motif_loaders_refuse_each_others_files()
    {
        string motif = Path.Combine(_dir, "motif.json");
        string graph = Path.Combine(_dir, "graph.json");
        MotifTaskFile.WriteTaskJson(MotifTask.CreateQuick(0), motif);
        TaskFile.WriteTaskJson(TaskPresets.Create("hierarchical-quick", 0), graph);
        Assert.That(() => TaskFile.Load(motif), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("MotifTaskFile.Load"));
        Assert.That(() => MotifTaskFile.Load(graph), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("TaskFile.Load"));
    }

    [Test]
    public void Invalid_orders_and_short_context_are_reported()
    {
        string path = Path.Combine(_dir, "task.json");
        MotifTaskFile.WriteTaskJson(MotifTask.CreateQuick(0), path);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["held_out_orders"]!.AsArray()[0] = new JsonArray(1, 1);
        File.WriteAllText(path, json.ToJsonString());
        Assert.That(() => MotifTaskFile.Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("held_out_orders[0]"));
        MotifTaskFile.WriteTaskJson(MotifTask.CreateQuick(0), path);
        json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["context_length"] = 20;
        File.WriteAllText(path, json.ToJsonString());
        Assert.That(() => MotifTaskFile.Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("T ≥ 31"));
    }
}
