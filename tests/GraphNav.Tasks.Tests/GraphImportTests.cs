using GraphNav.Tasks.Files;
using GraphNav.Tasks.Formats;

namespace GraphNav.Tasks.Tests;

/// <summary>Importing a user's graph, pairs and ids: what is accepted, what is counted, what is refused.</summary>
public class GraphImportTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-import").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private (GraphTask Task, GraphImportSummary Summary) Import(string graph, string train, string test, TokenLayout? layout = null) =>
        GraphImport.Build(new GraphImportRequest(graph, train, test, layout ?? TokenLayout.NodesFirst));

    [Test]
    public void Csv_edge_list_json_adjacency_and_json_edges_give_the_same_graph()
    {
        var csv = Write("g.csv", "from,to\n0,1\n1,3\n0,2\n2,3\n3,4\n");
        var adjacency = Write("a.json", "{\"adjacency\": {\"0\": [1, 2], \"1\": [3], \"2\": [3], \"3\": [4]}}");
        var rows = Write("r.json", "{\"adjacency\": [[1, 2], [3], [3], [4], []]}");
        var edges = Write("e.json", "{\"nodes\": 5, \"edges\": [[0, 1], [1, 3], [0, 2], [2, 3], [3, 4]]}");
        var train = Write("train.csv", "start,goal\n0,3\n1,4\n");
        var test = Write("test.json", "[[0, 4], [1, 2]]");
        var results = new[] { csv, adjacency, rows, edges }.Select(g => Import(g, train, test)).ToArray();
        var (task, summary) = results[0];
        Assert.Multiple(() =>
        {
            foreach (var (other, _) in results)
                Assert.That(other.Dag.Edges(), Is.EqualTo(task.Dag.Edges()));
            Assert.That(summary, Is.EqualTo(new GraphImportSummary(2, 2, 2, 1, 3)));
            Assert.That(task.ContextLength, Is.EqualTo(3 + 4 + 1 - 1), "prompt 3 + 4 path nodes + END, minus one");
            Assert.That(task.Tokens.Specials.Select(kv => kv.Key), Is.EquivalentTo(new[] { "PAD", ":", "END", "NOPATH" }),
                "the unreachable test pair (1, 2) is answered NOPATH");
        });
    }

    [Test]
    public void An_imported_task_round_trips_through_its_directory()
    {
        var (task, _) = Import(Write("g.csv", "0,1\n1,2\n"), Write("t.csv", "0,2\n"), Write("s.csv", "1,2\n"));
        TaskFile.WriteDirectory(task, _dir, 5, 0, 0);
        var loaded = TaskFile.Load(_dir);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Kind, Is.EqualTo(TaskKinds.Imported));
            Assert.That(loaded.Tokens, Is.EqualTo(task.Tokens));
            Assert.That(loaded.TrainPairs, Is.EqualTo(task.TrainPairs));
        });
    }

    [TestCase("0,1\n1,2\n2,0\n", "cycle: 0 → 1 → 2 → 0")]
    [TestCase("0,1\n2,1\n", "line 2: edge 2→1")]
    [TestCase("0,1\n0,1\n", "appears twice")]
    [TestCase("0,1\n1,x\n", "line 2")]
    [TestCase("0,1,2\n", "3 fields")]
    public void A_bad_graph_is_refused_naming_the_place(string graph, string named)
    {
        var train = Write("t.csv", "0,1\n");
        Assert.That(() => Import(Write("g.csv", graph), train, train), Throws.TypeOf<InvalidDataException>().With.Message.Contains(named));
    }

    [TestCase("[[0, 9]]", "names a node that is not in the graph")]
    [TestCase("[[1, 1]]", "starts at its goal")]
    [TestCase("[[0]]", "must be [start, goal]")]
    public void Pairs_not_in_the_graph_are_refused(string pairs, string named)
    {
        var graph = Write("g.csv", "0,1\n1,2\n");
        Assert.That(() => Import(graph, Write("t.json", pairs), Write("s.csv", "0,2\n")),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains(named).And.Message.Contains("t.json"));
    }

    [Test]
    public void Unreachable_pairs_need_a_nopath_token_in_the_layout()
    {
        var tokens = Write("tokens.json", "{\"nodes\": 0, \":\": 3, \"END\": 4}");
        Assert.That(() => Import(Write("g.csv", "0,1\n1,2\n"), Write("t.csv", "0,2\n"), Write("s.csv", "1,0\n"), TokenLayout.Read(tokens)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("'NOPATH'"));
    }
}
