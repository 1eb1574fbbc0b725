using GraphNav.Experiments.Statistics;
using GraphNav.Models;
using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Paths;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// The measurements of A5 that do not depend on how a model is trained: rank correlation of
/// successor scores with the distance to the goal, greedy navigation on a score, the attention a
/// position pays to given tokens, and a NaN-free median.
/// </summary>
public static class A5Metrics
{
    /// <summary>
    /// Spearman ρ between the scores of <paramref name="successors"/> and their shortest distance to
    /// the goal of <paramref name="paths"/>. ρ_all ranks successors that cannot reach the goal as
    /// distance ∞ (all tied); it is NaN with fewer than 2 successors or when scores or distances are
    /// constant. ρ_reach uses only the successors that can reach the goal and is NaN unless there are
    /// at least 3 of them (and they are not constant).
    /// </summary>
    public static (double All, double Reach) DistanceCorrelations(ReadOnlySpan<int> successors, Func<int, double> score, GoalPaths paths)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(paths);
        var scores = new double[successors.Length];
        var distances = new double[successors.Length];
        var reachScores = new List<double>();
        var reachDistances = new List<double>();
        for (int i = 0; i < successors.Length; i++)
        {
            int d = paths.Distance(successors[i]);
            scores[i] = score(successors[i]);
            distances[i] = d < 0 ? double.PositiveInfinity : d;
            if (d < 0) continue;
            reachScores.Add(scores[i]);
            reachDistances.Add(d);
        }
        double all = Spearman.Rho(scores, distances);
        double reach = reachScores.Count >= 3 ? Spearman.Rho(reachScores, reachDistances) : double.NaN;
        return (all, reach);
    }

    /// <summary>
    /// The surrogate walk: from <paramref name="start"/>, repeatedly move to the successor with the
    /// highest score (the lowest node id on ties) until the goal is reached, the walk hits a node
    /// with no successors, passes the goal in topological order (it can never come back), or holds
    /// <paramref name="maxNodes"/> nodes. Returns the nodes visited, start first; it reached the goal
    /// iff the last node is the goal.
    /// </summary>
    /// <param name="dag">The graph.</param>
    /// <param name="start">First node.</param>
    /// <param name="goal">Target node.</param>
    /// <param name="maxNodes">Longest walk in nodes (the model's context bound).</param>
    /// <param name="score">score(walk so far, candidate successor of its last node).</param>
    public static int[] Navigate(Dag dag, int start, int goal, int maxNodes, Func<IReadOnlyList<int>, int, double> score)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNodes, 1);
        var walk = new List<int> { start };
        while (walk[^1] != goal && walk[^1] < goal && walk.Count < maxNodes)
        {
            var successors = dag.Successors(walk[^1]);
            if (successors.IsEmpty) break;
            walk.Add(BestSuccessor(successors, s => score(walk, s)));
        }
        return [.. walk];
    }

    /// <summary>The highest-scoring of <paramref name="successors"/>, the first (lowest id) on ties.</summary>
    public static int BestSuccessor(ReadOnlySpan<int> successors, Func<int, double> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (successors.IsEmpty) throw new ArgumentException("A node without successors has no best successor.", nameof(successors));
        int best = successors[0];
        double bestScore = score(best);
        for (int i = 1; i < successors.Length; i++)
        {
            double s = score(successors[i]);
            if (s > bestScore) (best, bestScore) = (successors[i], s);
        }
        return best;
    }

    /// <summary>
    /// Attention of the last position of <paramref name="ids"/> (the one predicting the next token)
    /// on the goal token and on the current token, each summed over every position holding that
    /// token (the start node appears twice while it is the current node: in the prompt and as the
    /// first path token). Layer 0, head 0. <paramref name="buffer"/> must hold ≥ T·T floats.
    /// </summary>
    public static (double Goal, double Current) AttentionOnTokens(IAttentionModel model, int[] ids, int goalToken, int currentToken, float[] buffer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(buffer);
        if (model.AttentionHeads != 1)
            throw new ArgumentException($"A5 reads one head; the model has {model.AttentionHeads}.", nameof(model));
        int t = ids.Length;
        if (buffer.Length < t * t)
            throw new ArgumentException($"buffer must hold T·T = {t * t} floats, got {buffer.Length}.", nameof(buffer));
        var maps = buffer.AsSpan(0, t * t);
        model.AttentionMaps(ids, 1, t, 0, maps);
        var row = maps.Slice((t - 1) * t, t);
        double goal = 0, current = 0;
        for (int j = 0; j < t; j++)
        {
            if (ids[j] == goalToken) goal += row[j];
            if (ids[j] == currentToken) current += row[j];
        }
        return (goal, current);
    }

    /// <summary>Median of the non-NaN values; NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
