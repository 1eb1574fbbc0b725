namespace GraphNav.Cli.Tests;

/// <summary>
/// <c>--device</c> on a machine without the CUDA 13 runtime (this one): cuda fails in one line naming
/// the missing library and the fallback, auto falls back to CPU, and the JSON records the provider used.
/// GPU execution itself is never tested here.
/// </summary>
[NonParallelizable] // Console.Out/Error are process-wide
public class CliDeviceTests
{
    private string _dir = "";
    private string _onnx = "";

    [OneTimeSetUp]
    public void ExportATinyEncoder()
    {
        _dir = Directory.CreateTempSubdirectory("graphnav-cli-device").FullName;
        var spec = Experiments.Phenomena.B6aSpec.Task(Experiments.Phenomena.Scale.Quick, 0) with { TestSize = 10 };
        var plan = Experiments.Lego.LegoTrainingPlan.Encoder(spec, layers: 1, channels: 8, heads: 2, steps: 1, batch: 4, learningRate: 1e-3f);
        var checkpoint = Path.Combine(_dir, "enc.safetensors");
        plan.Train().SaveCheckpoint(checkpoint, new Dictionary<string, string> { ["graphnav.task"] = Tasks.Files.LegoTaskFile.ToJson(spec) });
        _onnx = Path.Combine(_dir, "enc.onnx");
        var (exit, _, error) = GraphnavProcess.Run("export", "--checkpoint", checkpoint, "--out", _onnx);
        Assert.That(exit, Is.Zero, error);
    }

    [OneTimeTearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Cuda_without_the_cuda_runtime_is_one_line_naming_the_missing_library_and_the_fallback()
    {
        var (exit, _, error) = GraphnavProcess.Run("evaluate", _onnx, "--device", "cuda");
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.StartWith("graphnav: error: the CUDA execution provider is unavailable: libcublasLt.so.13 cannot be loaded")
                .And.Contain("--device cpu").And.Contain("--device auto"));
        });
    }

    [TestCase("auto")]
    [TestCase("cpu")]
    public void Auto_and_cpu_run_on_the_cpu_and_record_it(string device)
    {
        var json = Path.Combine(_dir, $"{device}.json");
        var (exit, output, error) = GraphnavProcess.Run("evaluate", _onnx, "--device", device, "--threads", "1", "--json", json);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(output, Does.Contain("runs on cpu"));
            Assert.That(File.ReadAllText(json), Does.Contain("\"execution_provider\": \"cpu\""));
            // The fallback notice is said at most once per process (the Export tests check it is said).
            Assert.That(error.Split("CUDA is unavailable").Length - 1, Is.LessThanOrEqualTo(1), error);
        });
    }

    [TestCase("--device", "gpu", "'gpu'")]
    [TestCase("--ort-optimization", "max", "'max'")]
    [TestCase("--provider-options", "gpu_mem_limit", "'gpu_mem_limit'")]
    public void Bad_ort_options_are_one_line_naming_the_value(string option, string value, string named)
    {
        var (exit, _, error) = GraphnavProcess.Run("evaluate", _onnx, option, value);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.StartWith("graphnav: error:").And.Contain(named));
        });
    }

    [Test]
    public void Inspect_describes_the_file_as_evaluate_opens_it()
    {
        var json = Path.Combine(_dir, "inspect.json");
        var (exit, output, error) = GraphnavProcess.Run("inspect", _onnx, "--json", json);
        TestContext.Out.WriteLine(output);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(output, Does.Contain("runs on   cpu"));
            Assert.That(output, Does.Contain("input     input_ids: Int64[batch, sequence]"));
            Assert.That(output, Does.Contain("gives 2 logits per position"), "a LEGO encoder: 2 classes");
            Assert.That(output, Does.Contain("KV cache  no past_key_values"));
            Assert.That(output, Does.Contain("attention no: ").And.Contain("attentions.0"), "exported without --attentions");
            Assert.That(output, Does.Contain("metadata  graphnav.task = "));
            var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json)).RootElement;
            Assert.That(report.GetProperty("execution_provider").GetString(), Is.EqualTo("cpu"));
            Assert.That(report.GetProperty("vocabulary").GetInt32(), Is.EqualTo(2));
            Assert.That(report.GetProperty("inputs")[0].GetProperty("name").GetString(), Is.EqualTo("input_ids"));
        });
    }

    [Test]
    public void Inspect_on_cuda_gives_the_same_one_line_error()
    {
        var (exit, _, error) = GraphnavProcess.Run("inspect", _onnx, "--device", "cuda:1");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.Contain("libcublasLt.so.13"));
    }
}
