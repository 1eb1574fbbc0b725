using GraphNav.Models.Gpt;
using GraphNav.Models.Kernels;

namespace GraphNav.Models.Tests;

/// <summary>
/// <see cref="GradientWrite.Overwrite"/> must leave, bit for bit, what <see cref="GradientWrite.Accumulate"/>
/// leaves in a zeroed buffer — including +0 where a term is −0 — whatever the buffer held before, for
/// every kernel the model's backward uses as a first writer. Inputs carry exact zeros of both signs
/// and ignored rows, the cases where overwriting with the bare term would differ (−0 vs +0).
/// </summary>
public class GradientWriteTests
{
    private const int Threads = 2;

    /// <summary>Seeded values in [−1, 1) with every seventh an exact −0 and every eleventh +0.</summary>
    private static float[] Values(int count, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++)
            x[i] = i % 7 == 3 ? -0f : i % 11 == 5 ? 0f : (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>A buffer of garbage (NaN and large values) that an overwrite must not read.</summary>
    private static float[] Garbage(int count)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = i % 2 == 0 ? float.NaN : 1e30f;
        return x;
    }

    private static void AssertSameBits(float[] overwritten, float[] accumulated)
    {
        Assert.That(overwritten.Length, Is.EqualTo(accumulated.Length));
        for (int i = 0; i < overwritten.Length; i++)
            if (BitConverter.SingleToInt32Bits(overwritten[i]) != BitConverter.SingleToInt32Bits(accumulated[i]))
                Assert.Fail($"element {i}: overwrite wrote {overwritten[i]:R} (bits {BitConverter.SingleToInt32Bits(overwritten[i]):X8}), " +
                            $"accumulating into zeros gives {accumulated[i]:R} (bits {BitConverter.SingleToInt32Bits(accumulated[i]):X8}).");
    }

    [Test]
    public void Residual_backward()
    {
        const int n = 1003;
        var dout = Values(n, 1);
        float[] a0 = new float[n], b0 = new float[n], a1 = Garbage(n), b1 = Garbage(n);
        Ops.ResidualBackward(a0, b0, dout, n, Threads);
        Ops.ResidualBackward(a1, b1, dout, n, Threads, GradientWrite.Overwrite);
        AssertSameBits(a1, a0);
        AssertSameBits(b1, b0);
        Assert.That(a1.Any(x => x == 0 && float.IsNegative(x)), Is.False, "−0 terms must come out as +0, as += into +0 gives");
    }

    [Test]
    public void Gelu_backward()
    {
        const int n = 1003;
        var x = Values(n, 2);
        var dout = Values(n, 3);
        float[] d0 = new float[n], d1 = Garbage(n);
        Ops.GeluBackward(d0, x, dout, n, Threads);
        Ops.GeluBackward(d1, x, dout, n, Threads, GradientWrite.Overwrite);
        AssertSameBits(d1, d0);
    }

    [Test]
    public void Linear_backward_input_gradient()
    {
        const int n = 70, c = 24, oc = 40;
        var dout = Values(n * oc, 4);
        var input = Values(n * c, 5);
        var weight = Values(oc * c, 6);
        float[] d0 = new float[n * c], d1 = Garbage(n * c);
        Ops.LinearBackward(d0, new float[oc * c], new float[oc], dout, input, weight, n, c, oc, Threads);
        Ops.LinearBackward(d1, new float[oc * c], new float[oc], dout, input, weight, n, c, oc, Threads, GradientWrite.Overwrite);
        AssertSameBits(d1, d0);
    }

    [Test]
    public void LayerNorm_backward_input_gradient_with_zero_rows()
    {
        const int n = 40, c = 20; // C not a multiple of 8: the scalar tail runs too
        var input = Values(n * c, 7);
        var dout = Values(n * c, 8);
        Array.Clear(dout, 0, 3 * c); // rows with no gradient (ignored targets): the −0 case
        var weight = Values(c, 9);
        float[] mean = new float[n], rstd = new float[n], output = new float[n * c];
        Ops.LayerNormForward(output, mean, rstd, input, weight, Values(c, 10), n, c, 1e-5f);
        float[] d0 = new float[n * c], d1 = Garbage(n * c);
        Ops.LayerNormBackward(d0, new float[c], new float[c], dout, input, weight, mean, rstd, n, c, Threads);
        Ops.LayerNormBackward(d1, new float[c], new float[c], dout, input, weight, mean, rstd, n, c, Threads, GradientWrite.Overwrite);
        AssertSameBits(d1, d0);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void CrossEntropy_backward_with_ignored_rows(bool allIgnored)
    {
        const int n = 30, v = 13;
        var logits = Values(n * v, 11);
        int[] targets = allIgnored ? Enumerable.Repeat(-1, n).ToArray() : TestData.Ids(n, v, 12).Select((t, i) => i % 4 == 0 ? -1 : t).ToArray();
        float[] losses = new float[n], probs = new float[n * v];
        Ops.CrossEntropyForward(losses, probs, logits, targets, n, v);
        float[] d0 = new float[n * v], d1 = Garbage(n * v);
        Ops.CrossEntropyBackward(d0, probs, targets, n, v, Threads);
        Ops.CrossEntropyBackward(d1, probs, targets, n, v, Threads, GradientWrite.Overwrite);
        AssertSameBits(d1, d0);
    }

    [TestCase(true, 0)]
    [TestCase(false, 0)]
    [TestCase(false, 1)]
    public void Attention_backward(bool causal, int firstHead)
    {
        const int b = 3, t = 9, c = 24, nh = 3;
        var qkv = Values(b * t * 3 * c, 13);
        var dout = Values(b * t * c, 14);
        float[] output = new float[b * t * c], att = new float[b * nh * t * t];
        Ops.AttentionForward(output, att, qkv, b, t, c, nh, causal, Threads, firstHead);
        float[] d0 = new float[b * t * 3 * c], d1 = Garbage(b * t * 3 * c);
        Ops.AttentionBackward(d0, dout, qkv, att, b, t, c, nh, causal, Threads, firstHead);
        Ops.AttentionBackward(d1, dout, qkv, att, b, t, c, nh, causal, Threads, firstHead, GradientWrite.Overwrite);
        // The skipped heads' columns are left alone by an overwrite (the caller zeroes them).
        int hs = c / nh;
        for (int i = 0; i < d1.Length; i++)
            if (i % c / hs < firstHead) d1[i] = d0[i];
        AssertSameBits(d1, d0);
    }
}
