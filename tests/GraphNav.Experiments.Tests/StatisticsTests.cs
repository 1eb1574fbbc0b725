using GraphNav.Experiments.Statistics;

namespace GraphNav.Experiments.Tests;

public class StatisticsTests
{
    [Test]
    public void Erfc_matches_tabulated_values()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Normal.Erfc(0), Is.EqualTo(1.0).Within(1e-7));
            Assert.That(Normal.Erfc(1), Is.EqualTo(0.157299207050285).Within(1e-7));
            Assert.That(Normal.Erfc(-1), Is.EqualTo(1.842700792949715).Within(1e-7));
            Assert.That(Normal.UpperTail(1.959963985), Is.EqualTo(0.025).Within(1e-6));
        });
    }

    [Test]
    public void Wilcoxon_all_positive_ranks_gives_the_normal_approximation()
    {
        // d = 1..10: W+ = 55, E[W+] = 27.5, Var = 10·11·21/24 = 96.25, z = 27.5/√96.25 = 2.8031.
        var r = Wilcoxon.SignedRank(Enumerable.Range(1, 10).Select(i => (double)i).ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(r.WPlus, Is.EqualTo(55));
            Assert.That(r.N, Is.EqualTo(10));
            Assert.That(r.Z, Is.EqualTo(27.5 / Math.Sqrt(96.25)).Within(1e-12));
            Assert.That(r.PValue, Is.EqualTo(0.005062).Within(2e-6));
        });
    }

    [Test]
    public void Wilcoxon_drops_zeros_and_is_symmetric_in_sign()
    {
        double[] d = [0, 0.5, -1.5, 2, -2, 3, 0];
        var plus = Wilcoxon.SignedRank(d);
        var minus = Wilcoxon.SignedRank(d.Select(x => -x).ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(plus.N, Is.EqualTo(5));
            // |d| ranks: 0.5→1, 1.5→2, 2,2→3.5 each, 3→5; positives 0.5, 2, 3 → 1 + 3.5 + 5.
            Assert.That(plus.WPlus, Is.EqualTo(9.5));
            Assert.That(minus.Z, Is.EqualTo(-plus.Z).Within(1e-12));
            Assert.That(minus.PValue, Is.EqualTo(plus.PValue).Within(1e-12));
        });
    }

    [Test]
    public void Spearman_is_one_for_monotone_and_handles_infinite_ties()
    {
        double[] x = [1, 2, 3, 4, 5];
        Assert.Multiple(() =>
        {
            Assert.That(Spearman.Rho(x, [10, 20, 25, 100, 1000]), Is.EqualTo(1).Within(1e-12));
            Assert.That(Spearman.Rho(x, [5, 4, 3, 2, 1]), Is.EqualTo(-1).Within(1e-12));
            // Scores against distances where two candidates cannot reach the goal (∞, tied):
            // ranks of y = 1, 2, 3, 4.5, 4.5; ranks of x = 1..5 → ρ = 0.9/√(1·0.95)... computed below.
            double rho = Spearman.Rho(x, [1, 2, 3, double.PositiveInfinity, double.PositiveInfinity]);
            double[] ry = [1, 2, 3, 4.5, 4.5];
            double sxy = 0, sxx = 0, syy = 0;
            for (int i = 0; i < 5; i++) { sxy += (x[i] - 3) * (ry[i] - 3); sxx += (x[i] - 3) * (x[i] - 3); syy += (ry[i] - 3) * (ry[i] - 3); }
            Assert.That(rho, Is.EqualTo(sxy / Math.Sqrt(sxx * syy)).Within(1e-12));
            Assert.That(Spearman.Rho(x, [2, 2, 2, 2, 2]), Is.NaN);
        });
    }

    [Test]
    public void Bootstrap_interval_brackets_the_mean_and_narrows_with_more_units()
    {
        // Three seeds of Bernoulli(0.7) outcomes; the unit is one 0/1 outcome.
        static IReadOnlyList<IReadOnlyList<double>> Units(int perSeed) =>
            Enumerable.Range(0, 3).Select(s =>
            {
                var rng = new Random(100 + s);
                return (IReadOnlyList<double>)Enumerable.Range(0, perSeed).Select(_ => rng.NextDouble() < 0.7 ? 1.0 : 0.0).ToArray();
            }).ToArray();
        static double Mean(IReadOnlyList<double> u) => u.Average();

        var small = Bootstrap.Estimate(Units(50), Mean);
        var large = Bootstrap.Estimate(Units(2000), Mean);
        Assert.Multiple(() =>
        {
            Assert.That(small.Low, Is.LessThan(small.Mean));
            Assert.That(small.High, Is.GreaterThan(small.Mean));
            Assert.That(large.High - large.Low, Is.LessThan((small.High - small.Low) / 3));
            // Binomial standard error with 6000 units: √(0.21/6000) = 0.0059, so the 95% interval
            // is about ±0.0116 around the mean: check the width within 20%.
            Assert.That(large.High - large.Low, Is.EqualTo(2 * 1.96 * Math.Sqrt(0.21 / 6000)).Within(20).Percent);
            Assert.That(Bootstrap.Estimate(Units(50), Mean), Is.EqualTo(small), "same seed, same interval");
        });
    }

    [Test]
    public void Bootstrap_does_not_drop_a_seed_whose_statistic_is_undefined()
    {
        // Issue #18: a seed whose statistic was NaN used to be left out of the mean silently
        // (here the mean was 1, as if seed 1 did not exist). The mean over seeds is undefined
        // then, and the estimate names the seed so the result can fail it explicitly.
        IReadOnlyList<IReadOnlyList<double>> units = [new double[] { 1, 1, 1 }, new double[] { double.NaN }];
        var e = Bootstrap.Estimate(units, u => u.Average());
        Assert.Multiple(() =>
        {
            Assert.That(e.Mean, Is.NaN);
            Assert.That(e.UndefinedSeeds, Is.EqualTo(new[] { 1 }));
            Assert.That(Bootstrap.Estimate([new double[] { 1 }, System.Array.Empty<double>()], u => u.Average()).UndefinedSeeds,
                Is.EqualTo(new[] { 1 }), "a seed with no units (e.g. no A3 pair kept) is undefined too, not skipped");
        });
    }

    [Test]
    public void Bootstrap_discards_a_resample_in_which_a_seed_is_undefined_instead_of_averaging_the_rest()
    {
        // Seed 0 is always 0; seed 1 is 1 unless its resample holds only NaN units (then undefined).
        // Averaging the defined seeds of such a resample would put values of 0 (seed 0 alone) into the
        // interval; discarding the resample keeps every resample a mean over both seeds (0.5).
        IReadOnlyList<IReadOnlyList<double>> units = [new double[] { 0, 0 }, new double[] { 1, double.NaN }];
        var e = Bootstrap.Estimate(units, u => u.Any(double.IsFinite) ? u.Where(double.IsFinite).Average() : double.NaN);
        Assert.Multiple(() =>
        {
            Assert.That(e.Mean, Is.EqualTo(0.5));
            Assert.That(e.Low, Is.EqualTo(0.5), "no resample averaged seed 0 alone");
            Assert.That(e.UndefinedSeeds, Is.Empty);
        });
    }
}
