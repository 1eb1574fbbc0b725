using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;

namespace GraphNav.Experiments.Tests;

/// <summary>Issue #18: a seed whose statistic is NaN must fail the result by name, not vanish from the mean.</summary>
public class UndefinedSeedTests
{
    private sealed class Probe() : SpecifiedPhenomenon("P0", "probe", "none", QuickScaleRun.Explicit, _ => "none")
    {
        public override Applicability AppliesTo(ModelProfile model) => Applicability.Yes;

        public override PhenomenonResult Run(PhenomenonContext context)
        {
            var result = new ResultBuilder(this, context);
            // Seed 1 keeps no unit (e.g. no A3 pair reaches the validity filter).
            IReadOnlyList<IReadOnlyList<double>> units = [new double[] { -1, -2 }, Array.Empty<double>(), new double[] { -1 }];
            var e = result.Measure(new MeasureKey("difference", "difference"), Bootstrap.Estimate(units, u => u.Count == 0 ? double.NaN : u.Average()));
            result.Check(e.Mean < 0 || double.IsNaN(e.Mean), "a check that would pass on the other seeds alone");
            return result.Finish();
        }
    }

    [Test]
    public void A_result_with_an_undefined_seed_fails_and_names_the_seed()
    {
        var context = PhenomenonContext.Default() with { Seeds = [0, 1, 2] };
        var result = new Probe().Run(context);
        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Fail));
            Assert.That(result.Reason, Does.Contain("difference").And.Contain("seed 1"));
            Assert.That(result.Measurements.Single().Mean, Is.NaN);
        });
    }
}
