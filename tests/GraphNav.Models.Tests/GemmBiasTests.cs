using GraphNav.Models.Kernels;

namespace GraphNav.Models.Tests;

/// <summary>The linear forward's bias added inside the Gemm (per finished chunk) gives the bits of
/// the product followed by a separate bias pass, for any thread count and for edge shapes.</summary>
public class GemmBiasTests
{
    [TestCase(2048, 192, 64)]
    [TestCase(2048, 106, 64)]
    [TestCase(7680, 2, 128)]
    [TestCase(37, 45, 19)]
    [TestCase(3, 256, 64)]
    [TestCase(5, 7, 0)]
    public void Fused_bias_equals_product_then_bias_for_one_to_four_threads(int m, int n, int k)
    {
        float[] a = Random(m * k, 1), b = Random(n * k, 2), bias = Random(n, 3);
        var expected = new float[m * n];
        Gemm.MatMulNT(expected, a, b, m, n, k, accumulate: false, threads: 1);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) expected[i * n + j] += bias[j];
        Assert.Multiple(() =>
        {
            foreach (int threads in new[] { 1, 2, 3, 4 })
            {
                var fused = new float[m * n];
                fused.AsSpan().Fill(float.NaN); // overwritten, never read
                Gemm.MatMulNTBias(fused, a, b, bias, m, n, k, threads);
                Assert.That(fused, Is.EqualTo(expected), $"{threads} threads");
            }
        });
    }

    /// <summary>The linear backward's bias gradient summed by the weight-gradient product's threads
    /// (<see cref="Gemm.MatMulTNRowSums"/>) gives the bits of the product alone plus a separate pass
    /// summing A's rows in order, for any thread count and for both ways the product splits (over row
    /// blocks: many output channels; over column panels: a two-way classifier head).</summary>
    [TestCase(192, 64, 2048)]
    [TestCase(106, 64, 2048)]
    [TestCase(2, 128, 7680)]
    [TestCase(37, 45, 19)]
    [TestCase(5, 7, 0)]
    public void Fused_row_sums_equal_product_then_ordered_sums_for_one_to_four_threads(int m, int n, int k)
    {
        float[] a = Random(k * m, 4), b = Random(k * n, 5), c0 = Random(m * n, 6), s0 = Random(m, 7);
        var expected = (float[])c0.Clone();
        Gemm.MatMulTN(expected, a, b, m, n, k, accumulate: true, threads: 1);
        var expectedSums = (float[])s0.Clone();
        for (int p = 0; p < k; p++)
            for (int i = 0; i < m; i++) expectedSums[i] += a[p * m + i];
        Assert.Multiple(() =>
        {
            foreach (int threads in new[] { 1, 2, 3, 4 })
            {
                float[] c = (float[])c0.Clone(), sums = (float[])s0.Clone();
                Gemm.MatMulTNRowSums(c, a, b, sums, m, n, k, threads);
                Assert.That(c, Is.EqualTo(expected), $"product, {threads} threads");
                Assert.That(sums, Is.EqualTo(expectedSums), $"row sums, {threads} threads");
            }
        });
    }

    private static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }
}
