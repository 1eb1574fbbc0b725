using GraphNav.Tasks.Graphs;

namespace GraphNav.Tasks.Tests;

/// <summary>Small graphs and brute-force references shared by the tests.</summary>
internal static class TestGraphs
{
    /// <summary>
    /// 0→1, 0→2, 1→3, 2→3, 1→4, 3→4, 3→5, 4→5: paths 0→5 are
    /// 0-1-3-4-5, 0-1-3-5, 0-1-4-5, 0-2-3-4-5, 0-2-3-5 (5 paths, lengths 4,3,3,4,3).
    /// </summary>
    public static Dag Diamond() => new(6, [(0, 1), (0, 2), (1, 3), (2, 3), (1, 4), (3, 4), (3, 5), (4, 5)]);

    /// <summary>Every start→goal path by depth-first enumeration.</summary>
    public static List<int[]> AllPaths(Dag dag, int start, int goal)
    {
        var result = new List<int[]>();
        var stack = new List<int> { start };
        void Walk(int node)
        {
            if (node == goal) { result.Add([.. stack]); return; }
            foreach (int s in dag.Successors(node).ToArray())
            {
                stack.Add(s);
                Walk(s);
                stack.RemoveAt(stack.Count - 1);
            }
        }
        Walk(start);
        return result;
    }
}
