using GraphNav.Models.Kernels;

namespace GraphNav.Models.Tests;

/// <summary>
/// Gemm against a double-precision reference on awkward shapes, for every layout and every
/// kernel family this CPU can run, plus its determinism, strided views and argument checks.
/// </summary>
public class GemmTests
{
    private static readonly GemmLayout[] Layouts = [GemmLayout.NT, GemmLayout.NN, GemmLayout.TN];

    /// <summary>Sizes around the tile edges (8 rows, 16-float vectors, 32-column panels) and primes.</summary>
    private static readonly int[] OddSizes = [1, 2, 3, 5, 7, 8, 9, 13, 15, 16, 17, 23, 31, 32, 33, 37, 47, 48, 63, 64, 65, 70];

    private static IEnumerable<GemmIsa> SupportedIsas() => Enum.GetValues<GemmIsa>().Where(GemmIsaDetection.IsSupported);

    /// <summary>Kernel families by name (the enum is internal, test signatures are public).</summary>
    private static IEnumerable<string> SupportedIsaNames() => SupportedIsas().Select(i => i.ToString());

    [Test]
    public void MatMulNT_multiplies_a_2x2_example()
    {
        float[] a = [1, 2, 3, 4], b = [5, 6, 7, 8], c = new float[4];
        Gemm.MatMulNT(c, a, b, 2, 2, 2, accumulate: false);
        Assert.That(c, Is.EqualTo(new float[] { 17, 23, 39, 53 }));
    }

    [Test]
    public void Each_layout_matches_the_reference_on_odd_shapes_for_every_kernel_family(
        [ValueSource(nameof(SupportedIsaNames))] string isaName)
    {
        var isa = Enum.Parse<GemmIsa>(isaName);
        var rng = new Random(20261122);
        foreach (var layout in Layouts)
        {
            // All 1-wide and full cubes would be slow; a seeded sample of the size triples plus
            // the smallest and largest corners covers every edge-tile combination several times.
            var shapes = new List<(int M, int N, int K)> { (1, 1, 1), (70, 70, 70), (1, 70, 70), (70, 1, 1) };
            for (int s = 0; s < 60; s++)
                shapes.Add((Pick(rng), Pick(rng), Pick(rng)));
            foreach (var (m, n, k) in shapes)
                foreach (bool accumulate in new[] { false, true })
                    CheckAgainstReference(rng, layout, isa, m, n, k, accumulate, padC: 0, padA: 0, padB: 0, offset: 0);
        }
    }

    /// <summary>Weight gradients (TN) with four or more column panels take the path that packs A blocks
    /// and B panel slices per chunk (AVX-512 and AVX2); edge tiles in both directions, several K
    /// blocks, C padded and at an offset, one and two threads, split over row blocks or (few rows) panels.</summary>
    [Test]
    public void Weight_gradients_with_many_panels_match_the_reference_for_every_kernel_family(
        [ValueSource(nameof(SupportedIsaNames))] string isaName)
    {
        var isa = Enum.Parse<GemmIsa>(isaName);
        var rng = new Random(20261206);
        foreach (var (m, n, k) in new[] { (77, 150, 700), (128, 128, 300), (9, 130, 257), (64, 256, 600) })
            foreach (bool accumulate in new[] { false, true })
                foreach (int threads in new[] { 1, 2 })
                    CheckAgainstReference(rng, GemmLayout.TN, isa, m, n, k, accumulate, padC: 3, padA: 1, padB: 2, offset: 5, threads);
    }

    [TestCase("NT", 2048, 106, 64)]
    [TestCase("NT", 2048, 64, 256)]
    [TestCase("NN", 2048, 64, 192)]
    [TestCase("TN", 192, 64, 2048)]
    [TestCase("TN", 70, 33, 600)]
    [TestCase("NT", 9, 300, 531)]
    [TestCase("NN", 3, 300, 531)]
    public void Large_shapes_match_the_reference(string layoutName, int m, int n, int k)
    {
        var layout = Enum.Parse<GemmLayout>(layoutName);
        var rng = new Random(7);
        foreach (bool accumulate in new[] { false, true })
            CheckAgainstReference(rng, layout, GemmIsaDetection.Best, m, n, k, accumulate, 0, 0, 0, 0, threads: 2);
    }

    [Test]
    public void Strided_views_at_offsets_match_the_reference_and_leave_the_gaps_untouched()
    {
        var rng = new Random(3);
        foreach (var layout in Layouts)
            foreach (var (m, n, k) in new[] { (1, 1, 1), (7, 33, 17), (32, 32, 32), (37, 70, 9), (64, 5, 300) })
                foreach (bool accumulate in new[] { false, true })
                    CheckAgainstReference(rng, layout, GemmIsaDetection.Best, m, n, k, accumulate,
                        padC: 3, padA: 2 * k + 1, padB: 5, offset: 11);
    }

    [Test]
    public void Attention_heads_run_on_views_inside_one_qkv_buffer_without_copies()
    {
        // qkv is [T, 3C] (q | k | v per position); head h uses columns h·hs.. of each third.
        const int T = 32, C = 64, NH = 2, HS = C / NH;
        var rng = new Random(9);
        float[] qkv = RandomArray(rng, T * 3 * C), att = new float[T * T], output = new float[T * C];
        for (int h = 0; h < NH; h++)
        {
            // preatt[t, s] = q_t · k_s, then out[t, h·hs + d] = Σ_s att[t, s] · v[s, d].
            Gemm.MatMulNT(att, T, qkv.AsSpan(h * HS), 3 * C, qkv.AsSpan(C + h * HS), 3 * C, T, T, HS, false);
            for (int t = 0; t < T; t++)
                for (int u = 0; u < T; u++)
                {
                    double dot = 0, magnitude = 0;
                    for (int d = 0; d < HS; d++)
                    {
                        double term = (double)qkv[t * 3 * C + h * HS + d] * qkv[u * 3 * C + C + h * HS + d];
                        dot += term;
                        magnitude += Math.Abs(term);
                    }

                    Assert.That(att[t * T + u], Is.EqualTo(dot).Within(ErrorBound(HS, magnitude)), $"head {h} preatt[{t},{u}]");
                }

            Gemm.MatMulNN(output.AsSpan(h * HS), C, att, T, qkv.AsSpan(2 * C + h * HS), 3 * C, T, HS, T, false);
            for (int t = 0; t < T; t++)
                for (int d = 0; d < HS; d++)
                {
                    double sum = 0, magnitude = 0;
                    for (int u = 0; u < T; u++)
                    {
                        double term = (double)att[t * T + u] * qkv[u * 3 * C + 2 * C + h * HS + d];
                        sum += term;
                        magnitude += Math.Abs(term);
                    }

                    Assert.That(output[t * C + h * HS + d], Is.EqualTo(sum).Within(ErrorBound(T, magnitude)), $"head {h} out[{t},{d}]");
                }
        }
    }

    [Test]
    public void Overwrite_ignores_nan_garbage_in_c_and_zero_k_gives_zero_or_keeps_c()
    {
        float[] a = [1, 2, 3, 4], b = [5, 6, 7, 8];
        float[] c = [float.NaN, float.NaN, float.NaN, float.NaN];
        Gemm.MatMulNN(c, a, b, 2, 2, 2, accumulate: false);
        Assert.That(c, Is.EqualTo(new float[] { 19, 22, 43, 50 }));

        Gemm.MatMulTN(c, a, b, 2, 2, 0, accumulate: true);
        Assert.That(c, Is.EqualTo(new float[] { 19, 22, 43, 50 }));
        Gemm.MatMulTN(c, a, b, 2, 2, 0, accumulate: false);
        Assert.That(c, Is.EqualTo(new float[4]));
    }

    [TestCase("NT", 2048, 192, 64)]   // rows split across threads
    [TestCase("NN", 2048, 64, 256)]
    [TestCase("TN", 256, 192, 2048)]  // several K blocks
    [TestCase("TN", 64, 256, 2048)]   // a weight gradient with few row blocks: panels split across threads
    [TestCase("NT", 16, 4000, 200)]   // few rows: column panels split across threads
    public void One_and_two_threads_give_identical_bits(string layoutName, int m, int n, int k)
    {
        var layout = Enum.Parse<GemmLayout>(layoutName);
        Assert.That((long)m * n * k, Is.GreaterThanOrEqualTo(GemmDriver.ParallelMinMacs), "shape too small to be split");
        var rng = new Random(11);
        var (a, lda, b, ldb) = RandomOperands(rng, layout, m, n, k, 0, 0);
        float[] c0 = RandomArray(rng, m * n);
        float[] c1 = (float[])c0.Clone(), c2 = (float[])c0.Clone();
        Gemm.MatMul(layout, c1, n, a, lda, b, ldb, m, n, k, accumulate: true, threads: 1, GemmIsaDetection.Best);
        Gemm.MatMul(layout, c2, n, a, lda, b, ldb, m, n, k, accumulate: true, threads: 2, GemmIsaDetection.Best);
        Assert.That(c2, Is.EqualTo(c1));
    }

    [Test]
    public void All_kernel_families_and_batch_sizes_give_identical_bits()
    {
        // Each element is the same chain of fused multiply-adds whatever the SIMD width or the
        // number of other rows, so generation at batch 1 reproduces a row of a batched product.
        var rng = new Random(5);
        foreach (var layout in Layouts)
        {
            const int M = 37, N = 70, K = 300;
            var (a, lda, b, ldb) = RandomOperands(rng, layout, M, N, K, 0, 0);
            float[]? first = null;
            foreach (var isa in SupportedIsas())
            {
                var c = new float[M * N];
                Gemm.MatMul(layout, c, N, a, lda, b, ldb, M, N, K, false, 1, isa);
                if (first is null) first = c;
                else Assert.That(c, Is.EqualTo(first), $"{layout} {isa}");
            }

            // Row 5 alone: for TN the row is a column of the stored A, so use a strided view.
            var row = new float[N];
            if (layout == GemmLayout.TN)
                Gemm.MatMulTN(row, N, a.AsSpan(5), lda, b, ldb, 1, N, K, false);
            else
                Gemm.MatMul(layout, row, N, a.AsSpan(5 * lda), lda, b, ldb, 1, N, K, false, 1, GemmIsaDetection.Best);
            Assert.That(row, Is.EqualTo(first!.AsSpan(5 * N, N).ToArray()), $"{layout} single row");
        }
    }

    [Test]
    public void Short_spans_and_bad_leading_dimensions_are_rejected_with_the_sizes()
    {
        var a = new float[6 * 4];
        var b = new float[5 * 4];
        var c = new float[6 * 5];
        var ex = Assert.Throws<ArgumentException>(() => Gemm.MatMulNT(c, a.AsSpan(1), b, 6, 5, 4, false));
        Assert.That(ex!.Message, Does.Contain("a has 23 elements").And.Contain("6x4").And.Contain("needs 24"));
        ex = Assert.Throws<ArgumentException>(() => Gemm.MatMulNN(c.AsSpan(..29), a, new float[20], 6, 5, 4, false));
        Assert.That(ex!.Message, Does.Contain("c has 29 elements").And.Contain("needs 30"));
        ex = Assert.Throws<ArgumentException>(() => Gemm.MatMulTN(c, new float[4 * 6], new float[19], 6, 5, 4, false));
        Assert.That(ex!.Message, Does.Contain("b has 19 elements").And.Contain("4x5"));

        var ld = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MatMulNT(c, 5, a, 3, b, 4, 6, 5, 4, false));
        Assert.That(ld!.Message, Does.Contain("lda=3"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MatMulNT(c, a, b, -1, 5, 4, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MatMulNT(c, a, b, 6, 5, 4, false, threads: 0));

        var shared = new float[64];
        var overlap = Assert.Throws<ArgumentException>(() => Gemm.MatMulNN(shared, shared.AsSpan(2), b, 2, 2, 2, false));
        Assert.That(overlap!.Message, Does.Contain("overlap"));
    }

    [Test]
    public void Repeated_single_threaded_calls_do_not_allocate()
    {
        var rng = new Random(1);
        float[] a = RandomArray(rng, 300 * 70), b = RandomArray(rng, 300 * 70), c = new float[70 * 70];
        long allocated = -1;
        for (int round = 0; round < 2; round++) // the first round grows the scratch buffers
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Gemm.MatMulNT(c, a, b, 70, 70, 300, false);
            Gemm.MatMulNN(c, a, b, 70, 70, 300, true);
            Gemm.MatMulTN(c, a, b, 70, 70, 300, true);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(allocated, Is.Zero);
    }

    /// <summary>
    /// Worst-case error of a chain of k fused multiply-adds (onto a start value c0, counted in
    /// <paramref name="magnitude"/> = |c0| + Σ|a·b|): each of the k roundings errs by at most
    /// u·|partial sum| ≤ u·magnitude, u = 2⁻²⁴, so |error| ≤ k·u·magnitude to first order; the
    /// factor 2 covers the second-order term, 1e-30 the all-zero sums. The reference is exact
    /// to double precision, far below this.
    /// </summary>
    private static double ErrorBound(int k, double magnitude) =>
        2.0 * Math.Max(k, 1) * Math.ScaleB(1.0, -24) * magnitude + 1e-30;

    private static int Pick(Random rng) => OddSizes[rng.Next(OddSizes.Length)];

    private static float[] RandomArray(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>A and B stored as the layout wants, with extra columns (padding) per stored row.</summary>
    private static (float[] A, int Lda, float[] B, int Ldb) RandomOperands(Random rng, GemmLayout layout,
        int m, int n, int k, int padA, int padB)
    {
        (int aRows, int aCols) = layout == GemmLayout.TN ? (k, m) : (m, k);
        (int bRows, int bCols) = layout == GemmLayout.NT ? (n, k) : (k, n);
        int lda = aCols + padA, ldb = bCols + padB;
        return (RandomArray(rng, aRows * lda), lda, RandomArray(rng, bRows * ldb), ldb);
    }

    private static void CheckAgainstReference(Random rng, GemmLayout layout, GemmIsa isa, int m, int n, int k,
        bool accumulate, int padC, int padA, int padB, int offset, int threads = 1)
    {
        var (a, lda, b, ldb) = RandomOperands(rng, layout, m, n, k, padA, padB);
        int ldc = n + padC;
        // Operands sit `offset` elements into larger buffers; C's padding columns and the
        // elements before and after it hold a sentinel that must survive.
        float[] aBuf = new float[offset + a.Length], bBuf = new float[offset + b.Length];
        a.CopyTo(aBuf, offset);
        b.CopyTo(bBuf, offset);
        float[] c = RandomArray(rng, offset + m * ldc + offset);
        const float Sentinel = -12345.5f;
        for (int i = 0; i < c.Length; i++)
        {
            int rel = i - offset;
            if (rel < 0 || rel >= m * ldc || rel % ldc >= n) c[i] = Sentinel;
        }

        float[] cBefore = (float[])c.Clone();
        Gemm.MatMul(layout, c.AsSpan(offset), ldc, aBuf.AsSpan(offset), lda, bBuf.AsSpan(offset), ldb,
            m, n, k, accumulate, threads, isa);

        string what = $"{layout} {isa} m={m} n={n} k={k} accumulate={accumulate} ldc={ldc} lda={lda} ldb={ldb}";
        for (int i = 0; i < c.Length; i++)
        {
            int rel = i - offset;
            if (rel < 0 || rel >= m * ldc || rel % ldc >= n)
            {
                if (c[i] != Sentinel) Assert.Fail($"{what}: wrote outside C at buffer index {i}");
                continue;
            }

            int row = rel / ldc, col = rel % ldc;
            double c0 = accumulate ? cBefore[i] : 0, exact = c0, magnitude = Math.Abs(c0);
            for (int p = 0; p < k; p++)
            {
                double x = layout == GemmLayout.TN ? a[p * lda + row] : a[row * lda + p];
                double y = layout == GemmLayout.NT ? b[col * ldb + p] : b[p * ldb + col];
                exact += x * y;
                magnitude += Math.Abs(x * y);
            }

            double tolerance = ErrorBound(k, magnitude);
            if (Math.Abs(c[i] - exact) > tolerance)
                Assert.Fail($"{what}: C[{row},{col}] = {c[i]}, reference {exact}, tolerance {tolerance}");
        }
    }
}
