using GraphNav.TestSupport;
using System.Diagnostics;
using System.Text.Json.Nodes;
using GraphNav.Tasks.Files;
using GraphNav.Tasks.Lego;

namespace GraphNav.Tasks.Tests;

/// <summary>
/// Task files that ask for absurd sizes or are not files at all (issue 14): each is refused with an
/// InvalidDataException naming the file, the field and the limit with its override — before the
/// graph, token map or sentence set is allocated, and without blocking.
/// </summary>
public class HostileTaskFileTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-hostile-task-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    /// <summary>The quick hierarchical task's task.json with one field replaced.</summary>
    private string GraphTaskWith(string field, JsonNode value)
    {
        var json = JsonNode.Parse(TaskFile.ToJson(TaskPresets.Create("hierarchical-quick", 1)))!;
        json[field] = value;
        string path = Path.Combine(_dir, "task.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [TestCase(300_000)]
    [TestCase(int.MaxValue)]
    public void Huge_node_counts_are_refused_naming_the_limit(int nodes)
    {
        string path = GraphTaskWith("nodes", nodes);
        var clock = Stopwatch.StartNew();
        Assert.That(() => TaskFile.Load(path), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains(path).And.Message.Contains($"nodes = {nodes}").And.Message.Contains("GRAPHNAV_LIMIT_NODES"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void A_huge_context_length_is_refused()
    {
        string path = GraphTaskWith("context_length", 500_000_000);
        Assert.That(() => TaskFile.Load(path), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains("context_length = 500000000").And.Message.Contains("GRAPHNAV_LIMIT_CONTEXT_LENGTH"));
    }

    [Test]
    public void A_token_base_that_overflows_the_ids_is_refused()
    {
        string path = GraphTaskWith("node_token_base", int.MaxValue - 3);
        Assert.That(() => TaskFile.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("node_token_base"));
    }

    [Test]
    public void The_node_limit_can_be_raised_by_its_variable()
    {
        string path = GraphTaskWith("nodes", 20_000);
        Environment.SetEnvironmentVariable("GRAPHNAV_LIMIT_NODES", "30000");
        try
        {
            // Past the limit the file is judged on its content: its edges no longer match 20000 nodes' tokens.
            Assert.That(() => TaskFile.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Not.Contains("GRAPHNAV_LIMIT_NODES"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("GRAPHNAV_LIMIT_NODES", null);
        }
    }

    [TestCase("test_size", 2_000_000_000, "GRAPHNAV_LIMIT_LEGO_TEST_SIZE")]
    [TestCase("train_size", 2_000_000_000, "GRAPHNAV_LIMIT_LEGO_TRAIN_SIZE")]
    [TestCase("alphabet_size", 2_000_000_000, "GRAPHNAV_LIMIT_LEGO_ALPHABET")]
    [TestCase("context_length", 500_000_000, "GRAPHNAV_LIMIT_CONTEXT_LENGTH")]
    [TestCase("n", 2_000_000_000, "n = 2000000000")]
    public void Huge_LEGO_sizes_are_refused(string field, int value, string expected)
    {
        var json = JsonNode.Parse(LegoTaskFile.ToJson(LegoSpec.Create(6, 2)))!;
        json["lego"]![field] = value;
        string path = Path.Combine(_dir, "task.json");
        File.WriteAllText(path, json.ToJsonString());
        Assert.That(() => LegoTaskFile.Load(path), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains(path).And.Message.Contains(expected));
    }

    [Test]
    public void A_motif_task_whose_node_product_overflows_is_refused()
    {
        var json = JsonNode.Parse(MotifTaskFile.ToJson(Motifs.MotifTask.CreateQuick(0)))!;
        json["parameters"]!["motif_count"] = int.MaxValue;
        json["parameters"]!["layers"] = int.MaxValue;
        json["parameters"]!["width"] = int.MaxValue;
        string path = Path.Combine(_dir, "task.json");
        File.WriteAllText(path, json.ToJsonString());
        Assert.That(() => MotifTaskFile.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("GRAPHNAV_LIMIT_NODES"));
    }

    [Test]
    public void A_fifo_as_task_file_or_sentence_file_is_refused_without_blocking()
    {
        string fifo = Path.Combine(_dir, "task.json");
        if (!NamedPipes.TryCreate(fifo)) Assert.Ignore("mkfifo is not available here");
        var tokens = LegoSpec.Create(6, 2).CreateTokens();
        foreach (Func<object> read in new Func<object>[] { () => TaskFile.Load(fifo), () => LegoTaskFile.Load(fifo), () => LegoJsonl.ReadFile(fifo, tokens), () => TaskFile.ReadExamples(fifo) })
        {
            var task = Task.Run(read);
            Assert.That(((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), Is.True, "reading a FIFO blocked");
            Assert.That(task.Exception?.InnerException, Is.TypeOf<InvalidDataException>().And.Message.Contains("FIFO"));
        }
    }

    [Test]
    public void Dev_zero_as_a_task_file_is_refused()
    {
        if (!File.Exists("/dev/zero")) Assert.Ignore("no /dev/zero on this system");
        Assert.That(() => TaskFile.Load("/dev/zero"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("character device"));
    }
}
