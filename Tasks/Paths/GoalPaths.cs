using System.Numerics;
using GraphNav.Tasks.Graphs;

namespace GraphNav.Tasks.Paths;

/// <summary>
/// Path algebra of a DAG towards one goal: reachability, shortest distance, exact path counts, the
/// exact mean length of a uniformly drawn path, and uniform path sampling. Computed once by dynamic
/// programming over nodes in reverse topological order; immutable and thread-safe afterwards.
/// </summary>
/// <remarks>
/// count(goal) = 1 (the empty path), count(c) = Σ count(s) over successors s. Paths from a start are
/// in bijection with integers in [0, count(start)): at node c, index r selects the first successor s
/// (ascending) whose cumulative count exceeds r. Sampling draws one uniform r, so it is exactly uniform
/// and equals choosing each step with probability count(s)/count(c).
/// </remarks>
public sealed class GoalPaths
{
    private readonly Dag _dag;
    private readonly BigInteger[] _count;       // [N] number of paths node→goal
    private readonly BigInteger[] _lengthSum;   // [N] sum of the lengths (edges) of those paths
    private readonly int[] _distance;           // [N] shortest node→goal distance in edges, -1 if unreachable
    private readonly int[] _longest;            // [N] longest node→goal path in edges, -1 if unreachable

    /// <summary>Computes the path algebra of <paramref name="dag"/> towards <paramref name="goal"/>.</summary>
    public GoalPaths(Dag dag, int goal)
    {
        ArgumentNullException.ThrowIfNull(dag);
        if ((uint)goal >= (uint)dag.NodeCount)
            throw new ArgumentOutOfRangeException(nameof(goal), goal, $"Goal must be a node in [0, {dag.NodeCount}).");
        _dag = dag;
        Goal = goal;
        int n = dag.NodeCount;
        _count = new BigInteger[n];
        _lengthSum = new BigInteger[n];
        _distance = new int[n];
        _longest = new int[n];
        Array.Fill(_distance, -1);
        Array.Fill(_longest, -1);
        _longest[goal] = 0;
        _count[goal] = BigInteger.One;
        _distance[goal] = 0;
        // Only nodes before the goal can reach it (topological numbering).
        for (int c = goal - 1; c >= 0; c--)
        {
            BigInteger count = BigInteger.Zero, lengthSum = BigInteger.Zero;
            int best = -1, longest = -1;
            foreach (int s in dag.Successors(c))
            {
                if (s > goal || _count[s].IsZero) continue;
                count += _count[s];
                lengthSum += _lengthSum[s] + _count[s];   // every path through s is one edge longer
                if (best < 0 || _distance[s] < best) best = _distance[s];
                longest = Math.Max(longest, _longest[s]);
            }
            _count[c] = count;
            _lengthSum[c] = lengthSum;
            _distance[c] = best < 0 ? -1 : best + 1;
            _longest[c] = longest < 0 ? -1 : longest + 1;
        }
    }

    /// <summary>The goal node.</summary>
    public int Goal { get; }

    /// <summary>True iff a path start→goal exists (the goal reaches itself by the empty path).</summary>
    public bool CanReach(int start) => !_count[CheckNode(start)].IsZero;

    /// <summary>Number of distinct paths start→goal (1 for start = goal, 0 if unreachable).</summary>
    public BigInteger PathCount(int start) => _count[CheckNode(start)];

    /// <summary>Shortest distance start→goal in edges; -1 if unreachable.</summary>
    public int Distance(int start) => _distance[CheckNode(start)];

    /// <summary>Longest path start→goal in edges; -1 if unreachable.</summary>
    public int LongestDistance(int start) => _longest[CheckNode(start)];

    /// <summary>
    /// Exact mean length (edges) of a uniformly drawn start→goal path: Σ lengths / count, computed in
    /// integers and divided once. Throws if the goal is unreachable.
    /// </summary>
    public double MeanPathLength(int start)
    {
        RequireReachable(start);
        BigInteger sum = _lengthSum[start], count = _count[start];
        // Shift both down if they would overflow a double; the ratio keeps ~52 bits of precision.
        long excess = Math.Max(sum.GetBitLength(), count.GetBitLength()) - 1000;
        if (excess > 0) { sum >>= (int)excess; count >>= (int)excess; }
        var whole = BigInteger.DivRem(sum, count, out var remainder);
        return (double)whole + (double)remainder / (double)count;
    }

    /// <summary>A path start→goal drawn uniformly among all of them (nodes, start first, goal last).</summary>
    public int[] SamplePath(int start, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        RequireReachable(start);
        return PathAt(start, UniformRandom.Next(rng, _count[start]));
    }

    /// <summary>
    /// The path with index <paramref name="index"/> in [0, PathCount(start)) under the ordering of the
    /// class remarks (lexicographic by node numbers). Enumerating all indices lists every path once.
    /// </summary>
    public int[] PathAt(int start, BigInteger index)
    {
        RequireReachable(start);
        if (index.Sign < 0 || index >= _count[start])
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Path index must be in [0, {_count[start]}).");
        var path = new List<int> { start };
        int current = start;
        while (current != Goal)
        {
            foreach (int s in _dag.Successors(current))
            {
                if (s > Goal || _count[s].IsZero) continue;
                if (index < _count[s]) { current = s; break; }
                index -= _count[s];
            }
            path.Add(current);
        }
        return [.. path];
    }

    private void RequireReachable(int start)
    {
        if (!CanReach(start))
            throw new ArgumentException($"Goal {Goal} is not reachable from node {start}.", nameof(start));
    }

    private int CheckNode(int node) => (uint)node < (uint)_count.Length
        ? node
        : throw new ArgumentOutOfRangeException(nameof(node), node, $"Node must be in [0, {_count.Length}).");
}
