using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>
/// Fixture sources over scales: quick scale runs in the default test run; paper scale is
/// [Explicit] with Category "PaperScale" (PHENOMENA.md §5), so it runs only when selected, e.g.
/// <c>dotnet test Suite --filter "TestCategory=PaperScale&amp;FullyQualifiedName~A2"</c>.
/// </summary>
public static class ScaleCases
{
    /// <summary>Category of paper-scale fixtures.</summary>
    public const string PaperScale = "PaperScale";

    /// <summary>Quick (default) and paper (explicit) scale.</summary>
    public static IEnumerable<TestFixtureData> QuickAndPaper()
    {
        yield return Quick();
        yield return Paper();
    }

    /// <summary>Only paper scale: for phenomena that do not reproduce at quick scale (A3; LEGO B1–B5, B6b).</summary>
    public static IEnumerable<TestFixtureData> PaperOnly()
    {
        yield return Paper();
        if (External() is { } external) yield return external;
    }

    /// <summary>
    /// Paper scale plus an explicit quick case, for phenomena that did not clear their bar at quick
    /// scale (PHENOMENA.md §5): the default run skips both, and the quick measurement stays
    /// reproducible by name, e.g. <c>--filter "FullyQualifiedName~A4&amp;FullyQualifiedName~quick"</c>.
    /// </summary>
    public static IEnumerable<TestFixtureData> PaperAndExplicitQuick()
    {
        yield return Paper();
        yield return Quick().Explicit("does not clear its bar at quick scale; kept runnable to reproduce the measurement");
        if (External() is { } external) yield return external;
    }

    /// <summary>
    /// With an external model (run parameter Model), a case that is not explicit, so that plain
    /// <c>dotnet test Suite -- TestRunParameters Model=…</c> measures the file on the phenomena whose
    /// own models are paper-scale only (B1, B4, A3, A5, A7 …): they measure the file, not a training run.
    /// </summary>
    private static TestFixtureData? External() =>
        TestContext.Parameters.Exists("Model")
            ? new TestFixtureData(Scale.Quick).SetArgDisplayNames("external")
            : null;

    private static TestFixtureData Quick() => new TestFixtureData(Scale.Quick).SetArgDisplayNames("quick");

    private static TestFixtureData Paper()
    {
        var data = new TestFixtureData(Scale.Paper).SetArgDisplayNames("paper");
        data.Properties.Add(NUnit.Framework.Internal.PropertyNames.Category, PaperScale);
        return data.Explicit("paper scale: hours of training on this CPU");
    }
}
