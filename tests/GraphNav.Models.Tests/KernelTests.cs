using GraphNav.Models.Kernels;

namespace GraphNav.Models.Tests;

public class KernelTests
{
    /// <summary>erf by its Maclaurin series in double (alternating, converges for all x; at |x| ≤ 4
    /// the largest term is ~1e7, so cancellation leaves ~1e-9 accuracy, far below the bar).</summary>
    private static double ErfSeries(double x)
    {
        double sum = 0, term = x; // term_n = (−1)^n x^(2n+1) / n!
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    [Test]
    public void Erf_is_within_1e_minus_6_of_the_series_on_minus_4_to_4()
    {
        double worst = 0;
        for (int i = -4000; i <= 4000; i++)
        {
            float x = i / 1000f;
            worst = Math.Max(worst, Math.Abs(Erf.Evaluate(x) - ErfSeries(x)));
        }
        TestContext.Out.WriteLine($"max |erf error| = {worst:G3}");
        Assert.That(worst, Is.LessThan(1e-6));
    }

    [Test]
    public void Erf_saturates_and_is_odd_beyond_4()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Erf.Evaluate(6f), Is.EqualTo(1f).Within(1e-6f));
            Assert.That(Erf.Evaluate(-6f), Is.EqualTo(-1f).Within(1e-6f));
            Assert.That(Erf.Evaluate(0f), Is.EqualTo(0f).Within(1e-7f));
        });
    }

    [Test]
    public void Gelu_matches_x_times_normal_cdf_at_known_points()
    {
        // Φ(1) = 0.8413447460685429, Φ(−2) = 0.0227501319481792 (tabulated).
        float[] x = [1f, -2f, 0f], y = new float[3];
        Ops.GeluForward(y, x, 3);
        Assert.Multiple(() =>
        {
            Assert.That(y[0], Is.EqualTo(0.8413447460685429f).Within(1e-6f));
            Assert.That(y[1], Is.EqualTo(-2 * 0.0227501319481792f).Within(1e-6f));
            Assert.That(y[2], Is.EqualTo(0f));
        });
    }

    [Test]
    public void CrossEntropy_ignores_minus_one_targets_and_is_zero_when_all_are_ignored()
    {
        float[] logits = [0, 0, 0, 0, 1, 2, 3, 4];
        var losses = new float[2];
        var probs = new float[8];
        float mean = Ops.CrossEntropyForward(losses, probs, logits, [-1, 3], 2, 4);
        double expected = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3) + Math.Exp(4)) - 4;
        float none = Ops.CrossEntropyForward(losses, probs, logits, [-1, -1], 2, 4);
        var dlogits = new float[8];
        Ops.CrossEntropyBackward(dlogits, probs, [-1, -1], 2, 4);
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(expected).Within(1e-6));
            Assert.That(none, Is.Zero);
            Assert.That(dlogits, Is.All.Zero);
        });
    }
}

public class GemvTests
{
    [TestCase(1, 106, 64)]
    [TestCase(3, 192, 64)]
    [TestCase(8, 64, 256)]
    [TestCase(2, 13, 7)]
    public void Gemv_on_the_transposed_weight_gives_Gemms_bits(int m, int n, int k)
    {
        float[] x = Random(m * k, 1), w = Random(n * k, 2), wt = new float[n * k];
        var viaGemm = new float[m * n];
        var viaGemv = new float[m * n];
        Gemm.MatMulNT(viaGemm, x, w, m, n, k, accumulate: false);
        Gemv.Transpose(wt, w, n, k);
        Gemv.RowsTimesTransposed(viaGemv, x, wt, m, n, k);
        Assert.That(viaGemv, Is.EqualTo(viaGemm));
    }

    private static float[] Random(int count, ulong seed)
    {
        var rng = new GraphNav.Models.Gpt.SeededRandom(seed);
        var a = new float[count];
        for (int i = 0; i < count; i++) a[i] = rng.NextNormal();
        return a;
    }
}
