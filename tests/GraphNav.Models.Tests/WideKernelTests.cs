using GraphNav.Models.Gpt;
using GraphNav.Models.Kernels;

namespace GraphNav.Models.Tests;

/// <summary>
/// The kernels with a wide path (16-lane vectors, or four attention rows at a time) must give the
/// bits of their narrow path — the eight-lane loops, the single-row attention primitives that the
/// KV-cache decoder still uses — element for element. Each test compares a kernel against the narrow
/// path it replaced, on shapes whose sizes leave every kind of remainder (wide blocks, 16-lane,
/// eight-lane and scalar tails; row counts that are not multiples of four).
/// </summary>
public unsafe class WideKernelTests
{
    private static float[] Values(int count, ulong seed, float scale = 1)
    {
        var rng = new SeededRandom(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = i % 13 == 4 ? -0f : (float)(rng.NextDouble() * 2 - 1) * scale;
        return x;
    }

    private static void AssertSameBits(float[] actual, float[] expected, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), what);
        for (int i = 0; i < actual.Length; i++)
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
                Assert.Fail($"{what}, element {i}: {actual[i]:R} (bits {BitConverter.SingleToInt32Bits(actual[i]):X8}), " +
                            $"narrow path {expected[i]:R} (bits {BitConverter.SingleToInt32Bits(expected[i]):X8}).");
    }

    /// <summary>GELU over 53 floats runs three 16-lane vectors and a 5-float tail; each element run
    /// alone goes through the eight-lane path's padded tail.</summary>
    [Test]
    public void Gelu_forward_and_backward_give_each_element_the_bits_it_gets_alone()
    {
        const int n = 53;
        var x = Values(n, 1, scale: 6);
        var dout = Values(n, 2);
        var start = Values(n, 3);
        var y = new float[n];
        float[] dx = (float[])start.Clone(), dxOverwrite = new float[n];
        Ops.GeluForward(y, x, n);
        Ops.GeluBackward(dx, x, dout, n);
        Ops.GeluBackward(dxOverwrite, x, dout, n, write: GradientWrite.Overwrite);
        float[] yAlone = new float[n], dxAlone = new float[n], dxOverwriteAlone = new float[n];
        for (int i = 0; i < n; i++)
        {
            float[] one = [0f], d = [start[i]], o = [0f];
            Ops.GeluForward(one, [x[i]], 1);
            Ops.GeluBackward(d, [x[i]], [dout[i]], 1);
            Ops.GeluBackward(o, [x[i]], [dout[i]], 1, write: GradientWrite.Overwrite);
            yAlone[i] = one[0];
            dxAlone[i] = d[0];
            dxOverwriteAlone[i] = o[0];
        }
        AssertSameBits(y, yAlone, "GELU forward");
        AssertSameBits(dx, dxAlone, "GELU backward (accumulate)");
        AssertSameBits(dxOverwrite, dxOverwriteAlone, "GELU backward (overwrite)");
    }

    /// <summary>LayerNorm's weight and bias gradients over 136 columns (two 64-column sweeps and an
    /// eight-column rest) and 4 threads (other column ranges, so other block kinds) equal a scalar
    /// pass with the documented per-column operations.</summary>
    [TestCase(1)]
    [TestCase(4)]
    public void LayerNorm_parameter_gradients_are_the_scalar_column_sums(int threads)
    {
        const int N = 37, C = 136;
        var x = Values(N * C, 4);
        var dout = Values(N * C, 5);
        var w = Values(C, 6);
        var b = Values(C, 7);
        float[] y = new float[N * C], mean = new float[N], rstd = new float[N];
        Ops.LayerNormForward(y, mean, rstd, x, w, b, N, C, 1e-5f);
        float[] dx = new float[N * C], dw = Values(C, 8), db = Values(C, 9);
        float[] expectedW = (float[])dw.Clone(), expectedB = (float[])db.Clone();
        Ops.LayerNormBackward(dx, dw, db, dout, x, w, mean, rstd, N, C, threads);
        for (int i = 0; i < C; i++)
            for (int n = 0; n < N; n++)
            {
                float d = dout[n * C + i];
                expectedB[i] += d;
                expectedW[i] += (x[n * C + i] - mean[n]) * rstd[n] * d;
            }
        AssertSameBits(dw, expectedW, "dweight");
        AssertSameBits(db, expectedB, "dbias");
    }

    /// <summary>The full forward (four query rows at a time, 16-lane scores) gives each row the bits
    /// of the KV-cache decoder's single-row <c>AttentionRow</c>; head size 24 leaves a 16-lane block
    /// and an eight-lane rest, 13 rows a rest of one.</summary>
    [TestCase(false)]
    [TestCase(true)]
    public void Attention_forward_rows_match_the_single_row_kernel(bool causal)
    {
        const int B = 2, T = 13, NH = 2, C = 48, hs = C / NH;
        var qkv = Values(B * T * 3 * C, 10, scale: 2);
        float[] output = new float[B * T * C], att = new float[B * NH * T * T];
        Ops.AttentionForward(output, att, qkv, B, T, C, NH, causal, threads: 2);
        float[] expectedOut = new float[B * T * C], expectedAtt = new float[B * NH * T * T];
        int ts = Ops.TransposedStride(T);
        var kt = new float[hs * ts];
        float scale = 1f / MathF.Sqrt(hs);
        fixed (float* pq = qkv, pk = kt, po = expectedOut, pa = expectedAtt)
            for (int b = 0; b < B; b++)
                for (int h = 0; h < NH; h++)
                {
                    float* q = pq + b * T * 3 * C + h * hs;
                    for (int d = 0; d < hs; d++)
                        for (int t2 = 0; t2 < ts; t2++) pk[d * ts + t2] = t2 < T ? q[t2 * 3 * C + C + d] : 0f;
                    for (int t = 0; t < T; t++)
                        Ops.AttentionRow(po + (b * T + t) * C + h * hs, pa + ((b * NH + h) * T + t) * T, q + t * 3 * C, pk, ts,
                            q + 2 * C, 3 * C, causal ? t + 1 : T, hs, scale);
                }
        AssertSameBits(output, expectedOut, "attention output");
        AssertSameBits(att, expectedAtt, "attention probabilities");
    }

    /// <summary>The backward (blocks of four rows, dk and dv sums starting at the diagonal when
    /// causal) gives the bits of the single-row primitives run row by row, in the order the backward
    /// used before the blocks: per query row the softmax backward and its dq sum, then per key its dk
    /// and dv sums.</summary>
    [TestCase(false)]
    [TestCase(true)]
    public void Attention_backward_matches_the_single_row_primitives(bool causal)
    {
        const int B = 2, T = 13, NH = 2, C = 48, hs = C / NH, C3 = 3 * C;
        var qkv = Values(B * T * C3, 11, scale: 2);
        var dout = Values(B * T * C, 12);
        float[] output = new float[B * T * C], att = new float[B * NH * T * T];
        Ops.AttentionForward(output, att, qkv, B, T, C, NH, causal, threads: 1);
        var dqkv = Values(B * T * C3, 13);
        var expected = (float[])dqkv.Clone();
        Ops.AttentionBackward(dqkv, dout, qkv, att, B, T, C, NH, causal, threads: 2);

        int ts = Ops.TransposedStride(T);
        float scale = 1f / MathF.Sqrt(hs);
        float[] vt = new float[hs * ts], dpre = new float[T * ts];
        fixed (float* pq = qkv, pd = dout, pa = att, pe = expected, pv = vt, pp = dpre)
            for (int b = 0; b < B; b++)
                for (int h = 0; h < NH; h++)
                {
                    float* q = pq + b * T * C3 + h * hs, k = q + C, v = q + 2 * C;
                    float* dq = pe + b * T * C3 + h * hs, dk = dq + C, dv = dq + 2 * C;
                    float* d = pd + b * T * C + h * hs;
                    float* a = pa + (b * NH + h) * T * T;
                    for (int c = 0; c < hs; c++)
                        for (int t2 = 0; t2 < ts; t2++) pv[c * ts + t2] = t2 < T ? v[t2 * C3 + c] : 0f;
                    for (int t = 0; t < T; t++)
                    {
                        int end = causal ? t + 1 : T;
                        float* row = pp + t * ts;
                        AttentionMath.RowTimesTransposed(row, d + t * C, pv, ts, ts, hs);
                        AttentionMath.SoftmaxBackward(row, a + t * T, end, scale);
                        for (int t2 = end; t2 < T; t2++) row[t2] = 0;
                        AttentionMath.AccumulateRows(dq + t * C3, row, 1, k, C3, end, hs);
                    }
                    for (int t2 = 0; t2 < T; t2++)
                    {
                        int s = causal ? t2 : 0;
                        AttentionMath.AccumulateRows(dk + t2 * C3, pp + s * ts + t2, ts, q + s * C3, C3, T - s, hs);
                        AttentionMath.AccumulateRows(dv + t2 * C3, a + s * T + t2, T, d + s * C, C, T - s, hs);
                    }
                }
        AssertSameBits(dqkv, expected, "dqkv");
    }
}
