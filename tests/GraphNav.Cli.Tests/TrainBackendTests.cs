namespace GraphNav.Cli.Tests;

/// <summary>`graphnav train --backend / --device`: the TorchSharp backend writes an engine checkpoint; bad values are one line.</summary>
[NonParallelizable] // Console.Out/Error are process-wide
public class TrainBackendTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-cli-backend").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Torch_backend_writes_a_checkpoint_the_engine_loads()
    {
        string path = Path.Combine(_dir, "torch.safetensors");
        var (exit, output, error) = GraphnavProcess.Run("train", "--backend", "torch", "--steps", "3", "--batch", "8", "--out", path);
        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("backend torch"));
        var (model, taskJson) = Experiments.ModelFiles.LoadCheckpoint(path);
        Assert.That(model.Config.Layers, Is.EqualTo(2));
        Assert.That(taskJson, Does.Contain("bernoulli"));
    }

    [TestCase("torch", "cuda", "CUDA is not available")]
    [TestCase("engine", "cuda", "the engine runs on the CPU only")]
    [TestCase("jax", "cpu", "expected engine or torch")]
    [TestCase("torch", "tpu", "expected cpu or cuda")]
    public void Bad_backend_or_device_is_one_line_and_exit_1(string backend, string device, string message)
    {
        var (exit, _, error) = GraphnavProcess.Run("train", "--backend", backend, "--device", device, "--steps", "1", "--out", Path.Combine(_dir, "m.safetensors"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(error, Does.Contain(message));
        });
    }
}
