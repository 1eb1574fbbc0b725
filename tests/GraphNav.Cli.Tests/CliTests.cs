namespace GraphNav.Cli.Tests;

/// <summary>Runs graphnav in-process (Program.Main) with captured standard output and error.</summary>
internal static class GraphnavProcess
{
    public static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int exit = (int)typeof(Program).GetMethod("Main", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .Invoke(null, [args])!;
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}

/// <summary>The command line's exit codes, one-line errors and files.</summary>
[NonParallelizable] // Console.Out/Error are process-wide
public class CliTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-cli-test").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Error) Run(params string[] args) => GraphnavProcess.Run(args);

    [Test]
    public void Task_list_names_every_preset()
    {
        var (exit, output, _) = Run("task", "list");
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero);
            Assert.That(output, Does.Contain("bernoulli-quick").And.Contain("a1-direct"));
        });
    }

    [Test]
    public void Task_export_writes_a_loadable_task_directory()
    {
        var dir = Path.Combine(_dir, "task");
        var (exit, _, error) = Run("task", "export", "--task", "bernoulli-quick", "--out", dir, "--examples", "10");
        Assert.That(exit, Is.Zero, error);
        var task = Tasks.Files.TaskFile.Load(dir);
        Assert.Multiple(() =>
        {
            Assert.That(task.Dag.NodeCount, Is.EqualTo(100));
            Assert.That(File.ReadAllLines(Path.Combine(dir, "train.jsonl")), Has.Length.EqualTo(10));
        });
    }

    [TestCase(new[] { "task", "export", "--task", "no-such-task", "--out", "x" }, "no-such-task")]
    [TestCase(new[] { "evaluate", "missing.onnx" }, "missing.onnx")]
    [TestCase(new[] { "evaluate", "--temperatures", "0,-1" }, "-1")]
    [TestCase(new[] { "export", "--checkpoint", "missing.safetensors" }, "missing.safetensors")]
    public void Bad_input_gives_one_line_naming_the_value_and_a_non_zero_exit(string[] args, string named)
    {
        var (exit, _, error) = Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.StartWith("graphnav: error:").And.Contain(named));
        });
    }

    [Test]
    public void A_file_that_is_not_onnx_is_refused_in_one_line()
    {
        var path = Path.Combine(_dir, "bad.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        var (exit, _, error) = Run("evaluate", path);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.StartWith("graphnav: error:").And.Contain("bad.onnx"));
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
        });
    }

    [Test]
    public void A_truncated_checkpoint_is_refused_without_replacing_anything()
    {
        var path = Path.Combine(_dir, "m.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var (exit, _, error) = Run("export", "--checkpoint", path, "--out", Path.Combine(_dir, "m.onnx"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("m.safetensors"));
            Assert.That(File.Exists(Path.Combine(_dir, "m.onnx")), Is.False);
        });
    }
}

/// <summary>LEGO through the CLI: task export, and evaluation of an encoder file (checkpoint or ONNX).</summary>
[NonParallelizable]
public class CliLegoTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-cli-lego").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Error) Run(params string[] args) => GraphnavProcess.Run(args);

    [TestCase("lego-b6a", 6, 2)]
    [TestCase("lego-paper", 6, 3)]
    public void Task_export_writes_a_lego_task_directory(string preset, int variables, int supervised)
    {
        var dir = Path.Combine(_dir, preset);
        var (exit, _, error) = Run("task", "export", "--task", preset, "--out", dir, "--examples", "5");
        Assert.That(exit, Is.Zero, error);
        var spec = Tasks.Files.LegoTaskFile.Load(dir);
        Assert.That((spec.Variables, spec.SupervisedPositions), Is.EqualTo((variables, supervised)));
        (exit, var listing, _) = Run("task", "list");
        Assert.That(listing, Does.Contain(preset));
    }

    [Test]
    public void Task_export_rewrites_a_lego_task_file_of_any_size_with_its_own_seed()
    {
        // A LEGO task without a preset (here n 8, k 4, seed 5): written as task.json by hand or by a
        // tool, exported to a directory with its training stream and test set.
        var spec = Tasks.Lego.LegoSpec.Create(8, 4, seed: 5, testSize: 30);
        var file = Path.Combine(_dir, "lego-n8k4.json");
        File.WriteAllText(file, Tasks.Files.LegoTaskFile.ToJson(spec));
        var dir = Path.Combine(_dir, "n8k4");
        var (exit, output, error) = Run("task", "export", "--task", file, "--out", dir, "--examples", "3");
        Assert.That(exit, Is.Zero, error);
        var train = Tasks.Lego.LegoJsonl.ReadFile(Path.Combine(dir, Tasks.Files.TaskFile.TrainJsonl), spec.CreateTokens());
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("n=8, k=4, 3 training sentences, 30 test sentences"));
            Assert.That(Tasks.Files.LegoTaskFile.Load(dir), Is.EqualTo(spec));
            Assert.That(train[2].Ids.ToArray(), Is.EqualTo(new Tasks.Lego.LegoGenerator(spec).TrainSentence(2).Ids.ToArray()));
        });
    }

    [Test]
    public void Task_export_counts_one_sentence_or_example_in_the_singular()
    {
        var file = Path.Combine(_dir, "lego-one.json");
        File.WriteAllText(file, Tasks.Files.LegoTaskFile.ToJson(Tasks.Lego.LegoSpec.Create(6, 3, seed: 1, testSize: 1)));
        var (exit, lego, error) = Run("task", "export", "--task", file, "--out", Path.Combine(_dir, "lego-one"), "--examples", "1");
        Assert.That(exit, Is.Zero, error);
        (exit, var graph, error) = Run("task", "export", "--task", "bernoulli-quick", "--out", Path.Combine(_dir, "graph-one"), "--examples", "1");
        Assert.That(exit, Is.Zero, error);
        Assert.Multiple(() =>
        {
            Assert.That(lego, Does.Contain(", 1 training sentence, 1 test sentence →"));
            Assert.That(graph, Does.Contain(", 1 training example, "));
        });
    }

    [Test]
    public void An_encoder_checkpoint_and_its_onnx_export_evaluate_on_their_lego_task()
    {
        var spec = Experiments.Phenomena.B6aSpec.Task(Experiments.Phenomena.Scale.Quick, 0) with { TestSize = 40 };
        var plan = Experiments.Lego.LegoTrainingPlan.Encoder(spec, layers: 1, channels: 16, heads: 2, steps: 3, batch: 8, learningRate: 1e-3f);
        var checkpoint = Path.Combine(_dir, "enc.safetensors");
        plan.Train().SaveCheckpoint(checkpoint, new Dictionary<string, string> { ["graphnav.task"] = Tasks.Files.LegoTaskFile.ToJson(spec) });

        var (exit, output, error) = Run("evaluate", checkpoint);
        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("shortcut agreement").And.Contain("40 test sentences"));

        var onnx = Path.Combine(_dir, "enc.onnx");
        (exit, _, error) = Run("export", "--checkpoint", checkpoint, "--out", onnx);
        Assert.That(exit, Is.Zero, error);
        (exit, output, error) = Run("evaluate", onnx, "--json", Path.Combine(_dir, "lego.json"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(output, Does.Contain("shortcut agreement"));
            Assert.That(File.ReadAllText(Path.Combine(_dir, "lego.json")), Does.Contain("\"position\": 6"));
        });
    }

    [Test]
    public void Evaluate_phenomena_measures_an_exported_weight_tied_encoder_on_the_lego_phenomena()
    {
        var spec = Experiments.Phenomena.B6aSpec.Task(Experiments.Phenomena.Scale.Quick, 0) with { TestSize = 40 };
        var plan = Experiments.Lego.LegoTrainingPlan.Encoder(spec, layers: 2, channels: 16, heads: 2, steps: 3, batch: 8, learningRate: 1e-3f, shareLayers: true);
        var checkpoint = Path.Combine(_dir, "tied.safetensors");
        plan.Train().SaveCheckpoint(checkpoint, new Dictionary<string, string> { ["graphnav.task"] = Tasks.Files.LegoTaskFile.ToJson(spec) });
        var onnx = Path.Combine(_dir, "tied.onnx");
        var (exit, _, error) = Run("export", "--checkpoint", checkpoint, "--out", onnx, "--attentions");
        Assert.That(exit, Is.Zero, error);

        var json = Path.Combine(_dir, "phenomena.json");
        (exit, var output, error) = Run("evaluate", onnx, "--phenomena", "--threads", "1", "--json", json);
        TestContext.Out.WriteLine(output);
        var records = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json)).RootElement.EnumerateArray()
            .Select(r => Experiments.Results.PhenomenonResult.FromJson(r.GetRawText())).ToDictionary(r => r.Phenomenon, r => r.Verdict);
        Assert.Multiple(() =>
        {
            // Three steps of training: B1, B4 and B6a measure the model and find it below the floor.
            Assert.That(exit, Is.EqualTo(1), "a phenomenon failed");
            Assert.That(output, Does.Contain("B1 length extrapolation").And.Contain("accuracy at position 6"));
            Assert.That(output, Does.Contain("shortcut agreement at position 6").And.Contain("best trained head: association mass"));
            Assert.That(records, Has.Count.EqualTo(Experiments.Phenomena.PhenomenonRegistry.All.Count));
            foreach (var id in new[] { "B1", "B4", "B6a" })
                Assert.That(records[id], Is.EqualTo(Experiments.Results.Verdict.Fail), id);
            foreach (var id in new[] { "A1", "A2", "A3", "A4", "A5", "A6", "A7", "B2", "B3", "B5", "B6b" })
                Assert.That(records[id], Is.EqualTo(Experiments.Results.Verdict.Inconclusive), id);
        });
    }
}
