using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>
/// Fixture cases over the registry and scales (docs/PHENOMENA.md §5), from each phenomenon's
/// <see cref="IPhenomenon.QuickRun"/>: quick scale runs in the default test run when the phenomenon
/// reproduces there, is [Explicit] when it does not clear its bar there (runnable by name), and is
/// absent for paper-only phenomena; paper scale is always [Explicit] with Category "PaperScale", e.g.
/// <c>dotnet test Suite --filter "TestCategory=PaperScale&amp;FullyQualifiedName~A2"</c>.
/// </summary>
public static class ScaleCases
{
    /// <summary>Category of paper-scale fixtures.</summary>
    public const string PaperScale = "PaperScale";

    /// <summary>Every case of every phenomenon, in registry order; arguments (id, scale).</summary>
    public static IEnumerable<TestFixtureData> All() =>
        PhenomenonRegistry.All.SelectMany(entry => For(entry.Phenomenon));

    /// <summary>The cases of one phenomenon.</summary>
    public static IEnumerable<TestFixtureData> For(IPhenomenon phenomenon)
    {
        ArgumentNullException.ThrowIfNull(phenomenon);
        string id = phenomenon.Id;
        switch (phenomenon.QuickRun)
        {
            case QuickScaleRun.Default:
                yield return Quick(id);
                yield return Paper(id);
                yield break;
            case QuickScaleRun.Explicit:
                yield return Paper(id);
                yield return Quick(id).Explicit("does not clear its bar at quick scale; kept runnable to reproduce the measurement");
                break;
            case QuickScaleRun.None:
                yield return Paper(id);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(phenomenon), phenomenon.QuickRun, $"{id}: unknown quick-scale run.");
        }
        if (External(id) is { } external) yield return external;
    }

    /// <summary>
    /// With an external model (run parameter Model), a case that is not explicit, so that plain
    /// <c>dotnet test Suite -- TestRunParameters Model=…</c> measures the file on the phenomena whose
    /// own models are paper-scale only (B1, B4, A3, A5, A7 …): they measure the file, not a training run.
    /// </summary>
    private static TestFixtureData? External(string id) =>
        TestContext.Parameters.Exists("Model")
            ? new TestFixtureData(id, Scale.Quick).SetArgDisplayNames(id, "external")
            : null;

    private static TestFixtureData Quick(string id) => new TestFixtureData(id, Scale.Quick).SetArgDisplayNames(id, ScaleNames.Of(Scale.Quick));

    private static TestFixtureData Paper(string id)
    {
        var data = new TestFixtureData(id, Scale.Paper).SetArgDisplayNames(id, ScaleNames.Of(Scale.Paper));
        data.Properties.Add(NUnit.Framework.Internal.PropertyNames.Category, PaperScale);
        return data.Explicit("paper scale: hours of training on this CPU");
    }
}
