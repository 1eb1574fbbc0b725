using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// The paper-scale LEGO phenomena run their whole protocol (training through the cache, test
/// outcomes, bootstrap, floor, checks) on tiny plans: n = 4, k = 2, one block of width 16, 40
/// steps. The tiny models are not expected to be competent; the tests check the records.
/// </summary>
public class LegoPhenomenaTests() : TinyLegoProtocolFixture("graphnav-lego-phenomena")
{
    private static readonly LegoPlanFactory Tiny = TinyPlans(heads: 2);

    public static IEnumerable<TestCaseData> Phenomena()
    {
        yield return new TestCaseData(new B1LengthExtrapolation(Tiny), 1, "accuracy_at_position_4").SetArgDisplayNames("B1");
        yield return new TestCaseData(new B2WeightTying(Tiny), 2, "tied_untied_mean_accuracy_at_positions_3_4").SetArgDisplayNames("B2");
        yield return new TestCaseData(new B4AssociationHeads(Tiny), 1, "best_trained_head_association_mass").SetArgDisplayNames("B4");
        yield return new TestCaseData(new B6bOrderedShortcut(Tiny), 2, "shuffled_trained_ordered_trained_on_shuffled_test_positions_1_2").SetArgDisplayNames("B6b");
    }

    [TestCaseSource(nameof(Phenomena))]
    public void Runs_the_protocol_and_is_reproducible_from_the_cache(IPhenomenon phenomenon, int modelsPerSeed, string measurement)
    {
        var first = phenomenon.Run(Context());
        var second = phenomenon.Run(Context());
        TestContext.Out.WriteLine($"{first.Phenomenon}: {first.Verdict} — {first.Reason}");
        foreach (var x in first.Measurements) TestContext.Out.WriteLine($"  {x.Label}: {x.Mean:G3} [{x.Low:G3}, {x.High:G3}]");
        Assert.Multiple(() =>
        {
            Assert.That(first.Verdict, Is.Not.EqualTo(Verdict.Inconclusive), first.Reason);
            Assert.That(first.ModelHashes, Has.Count.EqualTo(2 * modelsPerSeed));
            Assert.That(Directory.GetFiles(CacheFolder, "*.safetensors"), Has.Length.EqualTo(2 * modelsPerSeed), "one cached model per seed and variant");
            var m = first.Measurements.Single(x => x.Key == measurement);
            Assert.That(m.Low, Is.LessThanOrEqualTo(m.Mean));
            Assert.That(m.High, Is.GreaterThanOrEqualTo(m.Mean));
            Assert.That(second.Measurements, Is.EqualTo(first.Measurements), "the second run reads the same models from the cache");
            Assert.That(second.Verdict, Is.EqualTo(first.Verdict));
        });
    }

    [Test]
    public void Paper_scale_phenomena_are_inconclusive_at_quick_scale()
    {
        // B3 and B5 have their own protocol tests (LegoHeadsTests).
        Assert.That(new B1LengthExtrapolation(Tiny).Run(Context(Scale.Quick)).Reason, Does.Contain("PaperScale only"));
    }
}
