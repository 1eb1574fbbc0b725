using System.Text.Json.Nodes;

namespace GraphNav.Cli.Tests;

/// <summary>
/// Issue #13's first contact, end to end through the command line: a decoder whose ids are nodes-first
/// (nodes 0–99, then ':', END, PAD: vocabulary 103) evaluates with a task file that declares only those
/// three specials. The model is the engine's paper-A GPT trained on the nodes-first task for 400 steps
/// and exported to ONNX with logits [batch, sequence, 103] — so it is competent, not just plumbed.
/// </summary>
[NonParallelizable] // Console.Out/Error are process-wide
public class OwnTokenIdsTests
{
    private string _dir = "";
    private string _task = "", _model = "";

    [OneTimeSetUp]
    public void TrainANodesFirstModel()
    {
        // Spectre's console keeps the writer current when it is first touched; the in-process runs each capture
        // into a writer of their own, so its output goes through to whichever Console.Out is current.
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(new CurrentConsoleOut()),
        });
        _dir = Directory.CreateTempSubdirectory("graphnav-own-ids").FullName;
        _task = Path.Combine(_dir, "nodes-first");
        _model = Path.Combine(_dir, "model.onnx");
        var checkpoint = Path.Combine(_dir, "model.safetensors");
        Expect(Run("task", "export", "--task", "bernoulli-quick", "--tokens", "nodes-first", "--out", _task, "--examples", "100"));
        Expect(Run("train", "--task", _task, "--steps", "400", "--out", checkpoint));
        Expect(Run("export", "--checkpoint", checkpoint, "--out", _model));
    }

    [OneTimeTearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Error) Run(params string[] args) => GraphnavProcess.Run(args);

    /// <summary>Writes to whatever Console.Out is at the moment of writing (GraphnavProcess swaps it per run).</summary>
    private sealed class CurrentConsoleOut : TextWriter
    {
        public override System.Text.Encoding Encoding => Console.Out.Encoding;
        public override void Write(char value) => Console.Out.Write(value);
        public override void Write(string? value) => Console.Out.Write(value);
    }

    private static void Expect((int Exit, string Out, string Error) run) => Assert.That(run.Exit, Is.Zero, run.Error);

    private static double Validity(string json) =>
        JsonNode.Parse(File.ReadAllText(json))!["rows"]![0]!["accuracy"]!["mean"]!.GetValue<double>();

    [Test]
    public void The_task_file_declares_only_colon_end_and_pad_and_the_model_has_103_outputs()
    {
        var task = JsonNode.Parse(File.ReadAllText(Path.Combine(_task, "task.json")))!;
        using var opened = Experiments.ModelFiles.Open(_model, 1);
        Assert.Multiple(() =>
        {
            Assert.That(task["tokens"]!.AsObject().Select(kv => (kv.Key, kv.Value!.GetValue<int>())),
                Is.EquivalentTo(new[] { (":", 100), ("END", 101), ("PAD", 102) }));
            Assert.That(task["node_token_base"]!.GetValue<int>(), Is.Zero);
            Assert.That(opened.Source.VocabSize, Is.EqualTo(103));
        });
    }

    [Test]
    public void The_nodes_first_model_evaluates_with_its_task_and_is_competent()
    {
        var json = Path.Combine(_dir, "eval.json");
        var (exit, output, error) = Run("evaluate", _model, "--task", _task, "--temperatures", "0", "--json", json);
        Assert.That(exit, Is.Zero, error);
        // Competence bar set before the run: most held-out paths valid at T=0 (an untrained model scores ~0).
        Assert.That(Validity(json), Is.GreaterThanOrEqualTo(0.8), output);
    }

    [Test]
    public void The_same_graph_and_pairs_imported_from_csv_give_the_same_evaluation()
    {
        var task = JsonNode.Parse(File.ReadAllText(Path.Combine(_task, "task.json")))!;
        string Csv(string field, string header) => header + "\n" + string.Join("\n",
            task[field]!.AsArray().Select(p => $"{p![0]},{p[1]}")) + "\n";
        File.WriteAllText(Path.Combine(_dir, "edges.csv"), Csv("edges", "from,to"));
        File.WriteAllText(Path.Combine(_dir, "train.csv"), Csv("train_pairs", "start,goal"));
        File.WriteAllText(Path.Combine(_dir, "test.csv"), Csv("test_pairs", "start,goal"));
        var imported = Path.Combine(_dir, "imported");
        var (exit, output, error) = Run("task", "import", "--graph", Path.Combine(_dir, "edges.csv"), "--train", Path.Combine(_dir, "train.csv"),
            "--test", Path.Combine(_dir, "test.csv"), "--tokens", "nodes-first", "--context", "32", "--examples", "10", "--out", imported);
        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("test pairs 548 (548 reachable)").And.Contain("'END' 101"));
        string a = Path.Combine(_dir, "a.json"), b = Path.Combine(_dir, "b.json");
        Expect(Run("evaluate", _model, "--task", _task, "--temperatures", "0", "--json", a));
        Expect(Run("evaluate", _model, "--task", imported, "--temperatures", "0", "--json", b));
        Assert.That(Validity(b), Is.EqualTo(Validity(a)));
    }

    [Test]
    public void The_default_layout_task_is_refused_naming_the_first_node_the_model_cannot_output()
    {
        var json = Path.Combine(_dir, "refused.json");
        var (exit, _, error) = Run("evaluate", _model, "--task", "bernoulli-quick", "--temperatures", "0", "--json", json);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.StartWith("graphnav: error:").And.Contain("outputs 103 ids").And.Contain("node 99 (id 105)"));
            Assert.That(File.Exists(json), Is.False, "nothing written");
        });
    }

    [TestCase("{\"nodes\": 0, \":\": 100, \"END\": 100}", "both have id 100")]
    [TestCase("{\"nodes\": 0, \":\": 7, \"END\": 101}", "node 7")]
    public void A_tokens_file_with_a_collision_is_refused_in_one_line_and_nothing_is_written(string tokens, string named)
    {
        var file = Path.Combine(_dir, "tokens.json");
        File.WriteAllText(file, tokens);
        var output = Path.Combine(_dir, "never");
        var (exit, _, error) = Run("task", "export", "--task", "bernoulli-quick", "--tokens", file, "--out", output);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.Contain(named).And.Contain("tokens.json"));
            Assert.That(Directory.Exists(output), Is.False);
        });
    }

    [Test]
    public void An_import_whose_pairs_are_not_in_the_graph_is_refused_in_one_line_and_nothing_is_written()
    {
        File.WriteAllText(Path.Combine(_dir, "g.csv"), "0,1\n1,2\n");
        File.WriteAllText(Path.Combine(_dir, "p.csv"), "0,2\n5,2\n");
        var output = Path.Combine(_dir, "never-imported");
        var (exit, _, error) = Run("task", "import", "--graph", Path.Combine(_dir, "g.csv"), "--train", Path.Combine(_dir, "p.csv"),
            "--test", Path.Combine(_dir, "p.csv"), "--out", output);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.Contain("p.csv' line 2").And.Contain("(5, 2)"));
            Assert.That(Directory.Exists(output), Is.False);
        });
    }
}
