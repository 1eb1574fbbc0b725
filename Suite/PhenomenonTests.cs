using GraphNav.Experiments.Phenomena;

namespace GraphNav.Suite;

/// <summary>
/// One fixture per phenomenon of <see cref="PhenomenonRegistry"/> and scale (<see cref="ScaleCases.All"/>):
/// which cases exist and which run by default follow from each phenomenon's
/// <see cref="IPhenomenon.QuickRun"/>, so a phenomenon is added to the suite by adding it to the registry.
/// Select one by id and scale, e.g. <c>--filter "FullyQualifiedName~A4&amp;FullyQualifiedName~quick"</c>.
/// </summary>
[TestFixtureSource(typeof(ScaleCases), nameof(ScaleCases.All))]
public sealed class PhenomenonTests(string id, Scale scale) : PhenomenonFixture(scale)
{
    /// <summary>Runs the phenomenon's protocol and asserts its verdict against its bar.</summary>
    [Test]
    public void Reproduces() => Verify(PhenomenonRegistry.Get(id));
}
