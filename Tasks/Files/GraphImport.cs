using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;

namespace GraphNav.Tasks.Files;

/// <summary>What <c>graphnav task import</c> was given: file paths and choices, nothing read yet.</summary>
/// <param name="GraphPath">Graph: JSON <c>{"nodes": N, "edges": [[from, to], …]}</c> or <c>{"nodes": N, "adjacency":
/// {"0": [1, 2], …}}</c> ("nodes" optional: largest node + 1), or a CSV edge list <c>from,to</c> (a header line is allowed).</param>
/// <param name="TrainPairsPath">Training pairs: JSON <c>[[start, goal], …]</c> or CSV <c>start,goal</c>.</param>
/// <param name="TestPairsPath">Held-out pairs, same formats.</param>
/// <param name="Layout">Token ids of the model the task describes.</param>
/// <param name="Format">Sequence format.</param>
/// <param name="ContextLength">T, or null for the smallest T that holds the longest sequence.</param>
/// <param name="Name">Task name written into task.json.</param>
/// <param name="NodeCount">Number of nodes, or null to take it from the graph file.</param>
public sealed record GraphImportRequest(string GraphPath, string TrainPairsPath, string TestPairsPath, TokenLayout Layout,
    SequenceFormat Format = SequenceFormat.Stepwise, int? ContextLength = null, string Name = "imported", int? NodeCount = null);

/// <summary>Counts reported after an import (what the user should check against their own numbers).</summary>
/// <param name="TrainPairs">Training pairs.</param>
/// <param name="TrainReachable">Of which reachable.</param>
/// <param name="TestPairs">Held-out pairs.</param>
/// <param name="TestReachable">Of which reachable (the pairs <c>graphnav evaluate</c> scores).</param>
/// <param name="LongestPath">Edges on the longest path between any pair.</param>
public sealed record GraphImportSummary(int TrainPairs, int TrainReachable, int TestPairs, int TestReachable, int LongestPath);

/// <summary>
/// Builds a graph task from a user's own graph, pairs and token ids, validating everything before anything
/// is written: node numbers in range, no duplicate edge, no cycle, topological numbering (GraphNav's graphs
/// number nodes so that every edge goes up), pairs in range with distinct ends, and every token the task
/// needs present and collision-free. Errors are <see cref="InvalidDataException"/> naming the file, line
/// and value.
/// </summary>
public static class GraphImport
{
    /// <summary>Kind written into task.json for an imported graph.</summary>
    public const string Kind = TaskKinds.Imported;

    /// <summary>Reads and validates the request's files and returns the task and its counts.</summary>
    public static (GraphTask Task, GraphImportSummary Summary) Build(GraphImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (edges, graphNodes) = GraphImportFiles.ReadGraph(request.GraphPath);
        var train = GraphImportFiles.ReadPairs(request.TrainPairsPath);
        var test = GraphImportFiles.ReadPairs(request.TestPairsPath);
        int nodes = request.NodeCount ?? graphNodes;
        if (nodes < 2) throw new InvalidDataException($"Graph '{request.GraphPath}' has {nodes} node(s); a task needs at least 2.");
        foreach (var (from, to, where) in edges)
            if ((uint)from >= (uint)nodes || (uint)to >= (uint)nodes)
                throw new InvalidDataException($"{where}: edge {from}→{to} names a node outside [0, {nodes}).");
        CheckAcyclic(edges, nodes, request.GraphPath);
        var backwards = edges.FirstOrDefault(e => e.From >= e.To);
        if (backwards.Where is not null)
            throw new InvalidDataException(
                $"{backwards.Where}: edge {backwards.From}→{backwards.To} goes from a higher node number to a lower one. The graph is acyclic, " +
                "but GraphNav needs nodes numbered in topological order (every edge from a lower to a higher number): renumber the nodes, and the model's node ids with them.");
        Dag dag;
        try { dag = new Dag(nodes, [.. edges.Select(e => (e.From, e.To))]); }
        catch (ArgumentException e) { throw new InvalidDataException($"Graph '{request.GraphPath}': {e.Message}", e); }
        foreach (var (pairs, path) in new[] { (train, request.TrainPairsPath), (test, request.TestPairsPath) })
            foreach (var (pair, where) in pairs)
            {
                if ((uint)pair.Start >= (uint)nodes || (uint)pair.Goal >= (uint)nodes)
                    throw new InvalidDataException($"{where}: pair ({pair.Start}, {pair.Goal}) names a node that is not in the graph (nodes 0–{nodes - 1}).");
                if (pair.Start == pair.Goal)
                    throw new InvalidDataException($"{where}: pair ({pair.Start}, {pair.Goal}) starts at its goal.");
            }
        if (train.Count == 0) throw new InvalidDataException($"Pairs file '{request.TrainPairsPath}' has no pairs; training needs at least one.");

        var trainPairs = train.Select(p => p.Pair).ToArray();
        var testPairs = test.Select(p => p.Pair).ToArray();
        int longest = trainPairs.Concat(testPairs).GroupBy(p => p.Goal).Max(group =>
        {
            var paths = new Paths.GoalPaths(dag, group.Key);   // one path algebra per goal, not per pair
            return group.Max(p => paths.LongestDistance(p.Start));
        });
        // Longest sequence: prompt (3) + completion (path nodes + END, or PATH/NOPATH END); T ≥ length − 1.
        int needed = GraphEncoding.PromptLength + (request.Format == SequenceFormat.Direct || longest < 0 ? 2 : longest + 2) - 1;
        int context = request.ContextLength ?? needed;
        GraphTask task;
        try
        {
            var defaultTask = new GraphTask(request.Name, Kind, new Dictionary<string, double>(), 0, dag, TokenMap.Default(nodes),
                request.Format, context, trainPairs, testPairs);
            task = request.Layout.Apply(defaultTask);
        }
        catch (ArgumentException e) { throw new InvalidDataException($"Task from '{request.GraphPath}': {e.Message}", e); }
        int TrainReachable() => trainPairs.Count(task.IsReachable);
        int TestReachable() => testPairs.Count(task.IsReachable);
        return (task, new GraphImportSummary(trainPairs.Length, TrainReachable(), testPairs.Length, TestReachable(), Math.Max(longest, 0)));
    }

    private static void CheckAcyclic(List<(int From, int To, string Where)> edges, int nodes, string path)
    {
        var successors = new List<int>[nodes];
        for (int i = 0; i < nodes; i++) successors[i] = [];
        foreach (var (from, to, _) in edges) successors[from].Add(to);
        // Iterative three-colour DFS: a grey successor closes a cycle, which is reported node by node.
        var colour = new byte[nodes];   // 0 white, 1 grey (on the stack), 2 black
        var parent = new int[nodes];
        for (int root = 0; root < nodes; root++)
        {
            if (colour[root] != 0) continue;
            var stack = new Stack<(int Node, int Next)>();
            stack.Push((root, 0));
            colour[root] = 1;
            parent[root] = -1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next == successors[node].Count) { colour[node] = 2; continue; }
                stack.Push((node, next + 1));
                int child = successors[node][next];
                if (colour[child] == 1)
                {
                    var cycle = new List<int> { child };
                    for (int at = node; at != child; at = parent[at]) cycle.Add(at);
                    cycle.Add(child);
                    cycle.Reverse();
                    throw new InvalidDataException($"Graph '{path}' has a cycle: {string.Join(" → ", cycle)}; a task needs a DAG.");
                }
                if (colour[child] == 0)
                {
                    colour[child] = 1;
                    parent[child] = node;
                    stack.Push((child, 0));
                }
            }
        }
    }
}
