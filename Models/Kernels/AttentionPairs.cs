using System.Runtime.Intrinsics;

namespace GraphNav.Models.Kernels;

/// <summary>
/// The KV-cache decoder's attention for two independent rows at once. One row's dot products and
/// weighted sums are chains of dependent fused multiply-adds (four at a time), so a single row waits
/// on FMA latency; two rows interleaved keep twice as many chains in flight. Every element's chain is
/// exactly the single-row one (<see cref="AttentionMath.RowTimesTransposed"/>,
/// <see cref="AttentionMath.AccumulateRows"/>), so the bits are the same.
/// </summary>
internal static unsafe class AttentionPairs
{
    private const int W = AttentionMath.W;

    /// <summary><see cref="Ops.AttentionRow"/> for rows 0 and 1 with their own query, keys, values,
    /// output and att row; same count, head size, strides and scale.</summary>
    public static void AttentionRowPair(float* out0, float* out1, float* att0, float* att1, float* q0, float* q1,
        float* kt0, float* kt1, int ktStride, float* v0, float* v1, int vStride, int count, int hs, float scale)
    {
        int padded = Ops.TransposedStride(count);
        float* s0 = AttentionMath.Scratch(1, 2 * padded), s1 = s0 + padded;
        RowTimesTransposedPair(s0, s1, q0, q1, kt0, kt1, ktStride, padded, hs);
        AttentionMath.Softmax(s0, count, scale);
        AttentionMath.Softmax(s1, count, scale);
        new ReadOnlySpan<float>(s0, count).CopyTo(new Span<float>(att0, count));
        new ReadOnlySpan<float>(s1, count).CopyTo(new Span<float>(att1, count));
        new Span<float>(out0, hs).Clear();
        new Span<float>(out1, hs).Clear();
        AccumulateRowsPair(out0, out1, s0, s1, v0, v1, vStride, count, hs);
    }

    /// <summary>RowTimesTransposed for two rows; width a multiple of W.</summary>
    private static void RowTimesTransposedPair(float* r0, float* r1, float* x0, float* x1, float* m0, float* m1,
        int stride, int width, int hs)
    {
        int j = 0;
        for (; j <= width - 4 * W; j += 4 * W)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
            float* c0 = m0 + j, c1 = m1 + j;
            for (int d = 0; d < hs; d++, c0 += stride, c1 += stride)
            {
                var xa = Vector256.Create(x0[d]);
                var xb = Vector256.Create(x1[d]);
                a0 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(c0), a0);
                b0 = Vector256.FusedMultiplyAdd(xb, Vector256.Load(c1), b0);
                a1 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(c0 + W), a1);
                b1 = Vector256.FusedMultiplyAdd(xb, Vector256.Load(c1 + W), b1);
                a2 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(c0 + 2 * W), a2);
                b2 = Vector256.FusedMultiplyAdd(xb, Vector256.Load(c1 + 2 * W), b2);
                a3 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(c0 + 3 * W), a3);
                b3 = Vector256.FusedMultiplyAdd(xb, Vector256.Load(c1 + 3 * W), b3);
            }
            a0.Store(r0 + j);
            a1.Store(r0 + j + W);
            a2.Store(r0 + j + 2 * W);
            a3.Store(r0 + j + 3 * W);
            b0.Store(r1 + j);
            b1.Store(r1 + j + W);
            b2.Store(r1 + j + 2 * W);
            b3.Store(r1 + j + 3 * W);
        }
        // Short rows (a few dozen cached positions): two vectors per row, four chains in flight.
        for (; j <= width - 2 * W; j += 2 * W)
        {
            Vector256<float> a0 = default, a1 = default, b0 = default, b1 = default;
            float* c0 = m0 + j, c1 = m1 + j;
            for (int d = 0; d < hs; d++, c0 += stride, c1 += stride)
            {
                var xa = Vector256.Create(x0[d]);
                var xb = Vector256.Create(x1[d]);
                a0 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(c0), a0);
                b0 = Vector256.FusedMultiplyAdd(xb, Vector256.Load(c1), b0);
                a1 = Vector256.FusedMultiplyAdd(xa, Vector256.Load(c0 + W), a1);
                b1 = Vector256.FusedMultiplyAdd(xb, Vector256.Load(c1 + W), b1);
            }
            a0.Store(r0 + j);
            a1.Store(r0 + j + W);
            b0.Store(r1 + j);
            b1.Store(r1 + j + W);
        }
        if (j < width)
        {
            Vector256<float> a = default, b = default;
            float* c0 = m0 + j, c1 = m1 + j;
            for (int d = 0; d < hs; d++, c0 += stride, c1 += stride)
            {
                a = Vector256.FusedMultiplyAdd(Vector256.Create(x0[d]), Vector256.Load(c0), a);
                b = Vector256.FusedMultiplyAdd(Vector256.Create(x1[d]), Vector256.Load(c1), b);
            }
            a.Store(r0 + j);
            b.Store(r1 + j);
        }
    }

    /// <summary>AccumulateRows (coefficient stride 1) for two rows.</summary>
    private static void AccumulateRowsPair(float* dst0, float* dst1, float* coef0, float* coef1, float* src0, float* src1,
        int srcStride, int count, int hs)
    {
        int d = 0;
        for (; d <= hs - 4 * W; d += 4 * W)
        {
            var a0 = Vector256.Load(dst0 + d);
            var a1 = Vector256.Load(dst0 + d + W);
            var a2 = Vector256.Load(dst0 + d + 2 * W);
            var a3 = Vector256.Load(dst0 + d + 3 * W);
            var b0 = Vector256.Load(dst1 + d);
            var b1 = Vector256.Load(dst1 + d + W);
            var b2 = Vector256.Load(dst1 + d + 2 * W);
            var b3 = Vector256.Load(dst1 + d + 3 * W);
            float* row0 = src0 + d, row1 = src1 + d;
            for (int i = 0; i < count; i++, row0 += srcStride, row1 += srcStride)
            {
                var ca = Vector256.Create(coef0[i]);
                var cb = Vector256.Create(coef1[i]);
                a0 = Vector256.FusedMultiplyAdd(ca, Vector256.Load(row0), a0);
                b0 = Vector256.FusedMultiplyAdd(cb, Vector256.Load(row1), b0);
                a1 = Vector256.FusedMultiplyAdd(ca, Vector256.Load(row0 + W), a1);
                b1 = Vector256.FusedMultiplyAdd(cb, Vector256.Load(row1 + W), b1);
                a2 = Vector256.FusedMultiplyAdd(ca, Vector256.Load(row0 + 2 * W), a2);
                b2 = Vector256.FusedMultiplyAdd(cb, Vector256.Load(row1 + 2 * W), b2);
                a3 = Vector256.FusedMultiplyAdd(ca, Vector256.Load(row0 + 3 * W), a3);
                b3 = Vector256.FusedMultiplyAdd(cb, Vector256.Load(row1 + 3 * W), b3);
            }
            a0.Store(dst0 + d);
            a1.Store(dst0 + d + W);
            a2.Store(dst0 + d + 2 * W);
            a3.Store(dst0 + d + 3 * W);
            b0.Store(dst1 + d);
            b1.Store(dst1 + d + W);
            b2.Store(dst1 + d + 2 * W);
            b3.Store(dst1 + d + 3 * W);
        }
        // Small heads (16 channels: two vectors per row, four chains in flight).
        for (; d <= hs - 2 * W; d += 2 * W)
        {
            var a0 = Vector256.Load(dst0 + d);
            var a1 = Vector256.Load(dst0 + d + W);
            var b0 = Vector256.Load(dst1 + d);
            var b1 = Vector256.Load(dst1 + d + W);
            float* row0 = src0 + d, row1 = src1 + d;
            for (int i = 0; i < count; i++, row0 += srcStride, row1 += srcStride)
            {
                var ca = Vector256.Create(coef0[i]);
                var cb = Vector256.Create(coef1[i]);
                a0 = Vector256.FusedMultiplyAdd(ca, Vector256.Load(row0), a0);
                b0 = Vector256.FusedMultiplyAdd(cb, Vector256.Load(row1), b0);
                a1 = Vector256.FusedMultiplyAdd(ca, Vector256.Load(row0 + W), a1);
                b1 = Vector256.FusedMultiplyAdd(cb, Vector256.Load(row1 + W), b1);
            }
            a0.Store(dst0 + d);
            a1.Store(dst0 + d + W);
            b0.Store(dst1 + d);
            b1.Store(dst1 + d + W);
        }
        if (d < hs)
        {
            AttentionMath.AccumulateRows(dst0 + d, coef0, 1, src0 + d, srcStride, count, hs - d);
            AttentionMath.AccumulateRows(dst1 + d, coef1, 1, src1 + d, srcStride, count, hs - d);
        }
    }
}
