using GraphNav.Tasks;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// One A1 test pair scored under both formats: the paired bootstrap unit (docs/PHENOMENA.md §0, row A1).
/// Both models answer the same pair, so a resample of pairs moves both scores together.
/// </summary>
/// <param name="Pair">The (start, goal) query.</param>
/// <param name="Gap">Layer gap layer(goal) − layer(start).</param>
/// <param name="Reachable">True class of the pair.</param>
/// <param name="StepwiseCorrect">The stepwise model decided the true class (valid path, or NOPATH first).</param>
/// <param name="DirectCorrect">The direct model decided the true class (PATH first, or NOPATH first).</param>
public readonly record struct A1PairOutcome(NodePair Pair, int Gap, bool Reachable, bool StepwiseCorrect, bool DirectCorrect);

/// <summary>Which model's decision a score reads.</summary>
public enum A1Format
{
    /// <summary>The model trained on paths.</summary>
    Stepwise,
    /// <summary>The model trained on PATH / NOPATH answers.</summary>
    Direct,
}

/// <summary>Per-class and balanced accuracies over A1 units (any subset, e.g. one bootstrap resample).</summary>
public static class A1Scores
{
    /// <summary>Whether <paramref name="format"/>'s model got <paramref name="unit"/> right.</summary>
    public static bool Correct(A1PairOutcome unit, A1Format format) => format switch
    {
        A1Format.Stepwise => unit.StepwiseCorrect,
        A1Format.Direct => unit.DirectCorrect,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown A1 format."),
    };

    /// <summary>
    /// Accuracy of <paramref name="format"/> over the units of one class (reachable or not); NaN when
    /// <paramref name="units"/> holds none of that class, so the bootstrap skips such a resample.
    /// </summary>
    public static double ClassAccuracy(IReadOnlyList<A1PairOutcome> units, bool reachable, A1Format format)
    {
        ArgumentNullException.ThrowIfNull(units);
        int n = 0, correct = 0;
        foreach (var u in units)
        {
            if (u.Reachable != reachable) continue;
            n++;
            if (Correct(u, format)) correct++;
        }
        return n == 0 ? double.NaN : correct / (double)n;
    }

    /// <summary>Mean of the two per-class accuracies; NaN when either class is absent.</summary>
    public static double BalancedAccuracy(IReadOnlyList<A1PairOutcome> units, A1Format format) =>
        (ClassAccuracy(units, reachable: true, format) + ClassAccuracy(units, reachable: false, format)) / 2;

    /// <summary>Balanced accuracy of stepwise minus that of direct, on the same units.</summary>
    public static double Difference(IReadOnlyList<A1PairOutcome> units) =>
        BalancedAccuracy(units, A1Format.Stepwise) - BalancedAccuracy(units, A1Format.Direct);
}
