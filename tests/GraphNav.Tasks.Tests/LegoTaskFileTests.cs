using GraphNav.Tasks.Files;
using GraphNav.Tasks.Lego;

namespace GraphNav.Tasks.Tests;

public class LegoTaskFileTests
{
    [Test]
    public void Json_round_trips_the_spec_and_declares_its_kind()
    {
        var spec = LegoSpec.Create(6, 2, seed: 3, testSize: 50);
        var json = LegoTaskFile.ToJson(spec);
        Assert.Multiple(() =>
        {
            Assert.That(LegoTaskFile.Parse(json, "test"), Is.EqualTo(spec));
            Assert.That(LegoTaskFile.KindOf(json, "test"), Is.EqualTo(TaskKinds.Lego));
        });
    }

    [Test]
    public void A_task_directory_holds_the_training_stream_and_the_test_set()
    {
        var spec = LegoSpec.Create(6, 2, seed: 1, testSize: 20);
        var dir = Directory.CreateTempSubdirectory("graphnav-lego-task").FullName;
        try
        {
            LegoTaskFile.WriteDirectory(spec, dir, trainSentences: 7);
            var tokens = spec.CreateTokens();
            var generator = new LegoGenerator(spec);
            var train = LegoJsonl.ReadFile(Path.Combine(dir, TaskFile.TrainJsonl), tokens);
            var test = LegoJsonl.ReadFile(Path.Combine(dir, TaskFile.TestJsonl), tokens);
            Assert.Multiple(() =>
            {
                Assert.That(LegoTaskFile.Load(dir), Is.EqualTo(spec));
                Assert.That(train, Has.Count.EqualTo(7));
                Assert.That(train[3].Ids.ToArray(), Is.EqualTo(generator.TrainSentence(3).Ids.ToArray()));
                Assert.That(test, Has.Count.EqualTo(20));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void A_graph_task_file_is_refused_with_its_kind()
    {
        var json = TaskFile.ToJson(TaskPresets.Create("bernoulli-quick", 0));
        var e = Assert.Throws<InvalidDataException>(() => LegoTaskFile.Parse(json, "model.onnx"));
        Assert.That(e!.Message, Does.Contain("model.onnx").And.Contain("bernoulli"));
    }
}
