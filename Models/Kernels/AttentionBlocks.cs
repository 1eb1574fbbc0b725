using System.Runtime.Intrinsics;

namespace GraphNav.Models.Kernels;

/// <summary>
/// The full-sequence attention's products four rows at a time, in 512-bit vectors where the CPU has
/// them. A single row's weighted sum of rows (<see cref="AttentionMath.AccumulateRows"/>) is four
/// dependent FMA chains that wait on each other's latency; four rows that share their source rows
/// keep eight to sixteen chains in flight and load each source vector once for four FMAs. Every
/// element is still the single-row chain (same start value, same terms in the same order), so the
/// bits are those of the single-row kernels, which the KV-cache decoder keeps using.
/// </summary>
internal static unsafe class AttentionBlocks
{
    private const int W = AttentionMath.W;

    /// <summary>Rows handled together.</summary>
    public const int Rows = 4;

    /// <summary>
    /// For r &lt; 4: dst_r[d] += Σ_{i &lt; count} coef_r[i·coefStride]·src[i·srcStride + d] (d &lt; hs),
    /// with dst_r = dst + r·dstStride and coef_r = coef + r·coefRow: <see cref="AttentionMath.AccumulateRows"/>
    /// for four rows that share their source rows and count. Nothing happens when count ≤ 0.
    /// </summary>
    public static void AccumulateRows4(float* dst, int dstStride, float* coef, int coefRow, int coefStride,
        float* src, int srcStride, int count, int hs)
    {
        if (count <= 0) return;
        int d = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            float* d0 = dst, d1 = dst + dstStride, d2 = d1 + dstStride, d3 = d2 + dstStride;
            for (; d <= hs - 32; d += 32)
            {
                var a0 = Vector512.Load(d0 + d); var b0 = Vector512.Load(d0 + d + 16);
                var a1 = Vector512.Load(d1 + d); var b1 = Vector512.Load(d1 + d + 16);
                var a2 = Vector512.Load(d2 + d); var b2 = Vector512.Load(d2 + d + 16);
                var a3 = Vector512.Load(d3 + d); var b3 = Vector512.Load(d3 + d + 16);
                float* row = src + d, c = coef;
                for (int i = 0; i < count; i++, row += srcStride, c += coefStride)
                {
                    var s0 = Vector512.Load(row);
                    var s1 = Vector512.Load(row + 16);
                    var k0 = Vector512.Create(c[0]);
                    var k1 = Vector512.Create(c[coefRow]);
                    var k2 = Vector512.Create(c[2 * coefRow]);
                    var k3 = Vector512.Create(c[3 * coefRow]);
                    a0 = Vector512.FusedMultiplyAdd(k0, s0, a0); b0 = Vector512.FusedMultiplyAdd(k0, s1, b0);
                    a1 = Vector512.FusedMultiplyAdd(k1, s0, a1); b1 = Vector512.FusedMultiplyAdd(k1, s1, b1);
                    a2 = Vector512.FusedMultiplyAdd(k2, s0, a2); b2 = Vector512.FusedMultiplyAdd(k2, s1, b2);
                    a3 = Vector512.FusedMultiplyAdd(k3, s0, a3); b3 = Vector512.FusedMultiplyAdd(k3, s1, b3);
                }
                a0.Store(d0 + d); b0.Store(d0 + d + 16);
                a1.Store(d1 + d); b1.Store(d1 + d + 16);
                a2.Store(d2 + d); b2.Store(d2 + d + 16);
                a3.Store(d3 + d); b3.Store(d3 + d + 16);
            }
            for (; d <= hs - 16; d += 16)
            {
                var a0 = Vector512.Load(d0 + d);
                var a1 = Vector512.Load(d1 + d);
                var a2 = Vector512.Load(d2 + d);
                var a3 = Vector512.Load(d3 + d);
                float* row = src + d, c = coef;
                for (int i = 0; i < count; i++, row += srcStride, c += coefStride)
                {
                    var s = Vector512.Load(row);
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(c[0]), s, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Create(c[coefRow]), s, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Create(c[2 * coefRow]), s, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Create(c[3 * coefRow]), s, a3);
                }
                a0.Store(d0 + d);
                a1.Store(d1 + d);
                a2.Store(d2 + d);
                a3.Store(d3 + d);
            }
        }
        if (d == hs) return;
        for (int r = 0; r < Rows; r++)
            AttentionMath.AccumulateRows(dst + r * dstStride + d, coef + r * coefRow, coefStride, src + d, srcStride, count, hs - d);
    }

    /// <summary>
    /// <see cref="AttentionMath.RowsTimesTransposed"/> (result row r = x row r times the transposed
    /// m, over width columns, a multiple of W) with 512-bit vectors: four rows by up to four vectors
    /// of 16 columns share each load. The same per-element chains (over d from 0), so the same bits.
    /// </summary>
    public static void RowsTimesTransposed(float* result, int resultStride, float* x, int xStride, int rows,
        float* m, int stride, int width, int hs)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            AttentionMath.RowsTimesTransposed(result, resultStride, x, xStride, rows, m, stride, width, hs);
            return;
        }
        int r = 0;
        for (; r <= rows - Rows; r += Rows)
        {
            float* x0 = x + r * xStride;
            float* y0 = result + r * resultStride;
            int j = 0;
            for (; j <= width - 64; j += 64) Block4x4(y0 + j, resultStride, x0, xStride, m + j, stride, hs);
            for (; j <= width - 32; j += 32) Block4x2(y0 + j, resultStride, x0, xStride, m + j, stride, hs);
            for (; j <= width - 16; j += 16) Block4x1(y0 + j, resultStride, x0, xStride, m + j, stride, hs);
            if (j < width)
                AttentionMath.RowsTimesTransposed(y0 + j, resultStride, x0, xStride, Rows, m + j, stride, width - j, hs);
        }
        if (r < rows)
            AttentionMath.RowsTimesTransposed(result + r * resultStride, resultStride, x + r * xStride, xStride, rows - r,
                m, stride, width, hs);
    }

    /// <summary>Four rows × 64 columns: 16 accumulators, four loads and four broadcasts per step.</summary>
    private static void Block4x4(float* y, int yStride, float* x, int xStride, float* m, int stride, int hs)
    {
        float* x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default;
        float* col = m;
        for (int d = 0; d < hs; d++, col += stride)
        {
            var m0 = Vector512.Load(col);
            var m1 = Vector512.Load(col + 16);
            var m2 = Vector512.Load(col + 32);
            var m3 = Vector512.Load(col + 48);
            var v = Vector512.Create(x[d]);
            a0 = Vector512.FusedMultiplyAdd(v, m0, a0); a1 = Vector512.FusedMultiplyAdd(v, m1, a1);
            a2 = Vector512.FusedMultiplyAdd(v, m2, a2); a3 = Vector512.FusedMultiplyAdd(v, m3, a3);
            v = Vector512.Create(x1[d]);
            b0 = Vector512.FusedMultiplyAdd(v, m0, b0); b1 = Vector512.FusedMultiplyAdd(v, m1, b1);
            b2 = Vector512.FusedMultiplyAdd(v, m2, b2); b3 = Vector512.FusedMultiplyAdd(v, m3, b3);
            v = Vector512.Create(x2[d]);
            c0 = Vector512.FusedMultiplyAdd(v, m0, c0); c1 = Vector512.FusedMultiplyAdd(v, m1, c1);
            c2 = Vector512.FusedMultiplyAdd(v, m2, c2); c3 = Vector512.FusedMultiplyAdd(v, m3, c3);
            v = Vector512.Create(x3[d]);
            e0 = Vector512.FusedMultiplyAdd(v, m0, e0); e1 = Vector512.FusedMultiplyAdd(v, m1, e1);
            e2 = Vector512.FusedMultiplyAdd(v, m2, e2); e3 = Vector512.FusedMultiplyAdd(v, m3, e3);
        }
        float* y1 = y + yStride, y2 = y1 + yStride, y3 = y2 + yStride;
        a0.Store(y); a1.Store(y + 16); a2.Store(y + 32); a3.Store(y + 48);
        b0.Store(y1); b1.Store(y1 + 16); b2.Store(y1 + 32); b3.Store(y1 + 48);
        c0.Store(y2); c1.Store(y2 + 16); c2.Store(y2 + 32); c3.Store(y2 + 48);
        e0.Store(y3); e1.Store(y3 + 16); e2.Store(y3 + 32); e3.Store(y3 + 48);
    }

    /// <summary>Four rows × 32 columns: 8 accumulators.</summary>
    private static void Block4x2(float* y, int yStride, float* x, int xStride, float* m, int stride, int hs)
    {
        float* x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        Vector512<float> a0 = default, a1 = default, b0 = default, b1 = default;
        Vector512<float> c0 = default, c1 = default, e0 = default, e1 = default;
        float* col = m;
        for (int d = 0; d < hs; d++, col += stride)
        {
            var m0 = Vector512.Load(col);
            var m1 = Vector512.Load(col + 16);
            var v = Vector512.Create(x[d]);
            a0 = Vector512.FusedMultiplyAdd(v, m0, a0); a1 = Vector512.FusedMultiplyAdd(v, m1, a1);
            v = Vector512.Create(x1[d]);
            b0 = Vector512.FusedMultiplyAdd(v, m0, b0); b1 = Vector512.FusedMultiplyAdd(v, m1, b1);
            v = Vector512.Create(x2[d]);
            c0 = Vector512.FusedMultiplyAdd(v, m0, c0); c1 = Vector512.FusedMultiplyAdd(v, m1, c1);
            v = Vector512.Create(x3[d]);
            e0 = Vector512.FusedMultiplyAdd(v, m0, e0); e1 = Vector512.FusedMultiplyAdd(v, m1, e1);
        }
        float* y1 = y + yStride, y2 = y1 + yStride, y3 = y2 + yStride;
        a0.Store(y); a1.Store(y + 16);
        b0.Store(y1); b1.Store(y1 + 16);
        c0.Store(y2); c1.Store(y2 + 16);
        e0.Store(y3); e1.Store(y3 + 16);
    }

    /// <summary>Four rows × 16 columns: 4 accumulators.</summary>
    private static void Block4x1(float* y, int yStride, float* x, int xStride, float* m, int stride, int hs)
    {
        float* x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        Vector512<float> a = default, b = default, c = default, e = default;
        float* col = m;
        for (int d = 0; d < hs; d++, col += stride)
        {
            var m0 = Vector512.Load(col);
            a = Vector512.FusedMultiplyAdd(Vector512.Create(x[d]), m0, a);
            b = Vector512.FusedMultiplyAdd(Vector512.Create(x1[d]), m0, b);
            c = Vector512.FusedMultiplyAdd(Vector512.Create(x2[d]), m0, c);
            e = Vector512.FusedMultiplyAdd(Vector512.Create(x3[d]), m0, e);
        }
        a.Store(y);
        b.Store(y + yStride);
        c.Store(y + 2 * yStride);
        e.Store(y + 3 * yStride);
    }

    /// <summary>
    /// Weighted sums for rows 0…rows−1 (dst row t at dst + t·dstStride, its coefficients at
    /// coef + t·coefRow + i·coefStride, source rows at src + i·srcStride), where row t sums terms
    /// i ∈ [start(t), end(t)) in order: start = 0 and end = count for every row, or, when
    /// <paramref name="triangular"/> is "lower", end = t + 1 (causal queries: a row sums keys up to
    /// itself), or when "upper", start = t (causal keys: a key collects the queries from itself on).
    /// Four rows run together over the terms they all have; the few terms only some of them have
    /// are added row by row, before (upper) or after (lower) the shared ones, so each row's chain
    /// keeps its order.
    /// </summary>
    public static void AccumulateRowsRange(float* dst, int dstStride, float* coef, int coefRow, int coefStride,
        float* src, int srcStride, int rows, int count, Triangle triangular, int hs)
    {
        int t = 0;
        for (; t <= rows - Rows; t += Rows)
        {
            float* d = dst + t * dstStride, c = coef + t * coefRow;
            switch (triangular)
            {
                case Triangle.None:
                    AccumulateRows4(d, dstStride, c, coefRow, coefStride, src, srcStride, count, hs);
                    break;
                case Triangle.Lower:
                    // Row t + r sums terms 0…t + r: the first t + 1 together, then r more alone.
                    AccumulateRows4(d, dstStride, c, coefRow, coefStride, src, srcStride, t + 1, hs);
                    for (int r = 1; r < Rows; r++)
                        AttentionMath.AccumulateRows(d + r * dstStride, c + r * coefRow + (t + 1) * coefStride, coefStride,
                            src + (t + 1) * srcStride, srcStride, r, hs);
                    break;
                default:
                    // Row t + r sums terms t + r…count−1: the first 3 − r alone, then from t + 3 together.
                    for (int r = 0; r < Rows - 1; r++)
                        AttentionMath.AccumulateRows(d + r * dstStride, c + r * coefRow + (t + r) * coefStride, coefStride,
                            src + (t + r) * srcStride, srcStride, Rows - 1 - r, hs);
                    AccumulateRows4(d, dstStride, c + (t + Rows - 1) * coefStride, coefRow, coefStride,
                        src + (t + Rows - 1) * srcStride, srcStride, count - (t + Rows - 1), hs);
                    break;
            }
        }
        for (; t < rows; t++)
        {
            int start = triangular == Triangle.Upper ? t : 0, end = triangular == Triangle.Lower ? t + 1 : count;
            AttentionMath.AccumulateRows(dst + t * dstStride, coef + t * coefRow + start * coefStride, coefStride,
                src + start * srcStride, srcStride, end - start, hs);
        }
    }
}

/// <summary>Which terms each row of <see cref="AttentionBlocks.AccumulateRowsRange"/> sums.</summary>
internal enum Triangle
{
    /// <summary>Every row sums all terms.</summary>
    None,

    /// <summary>Row t sums terms 0…t.</summary>
    Lower,

    /// <summary>Row t sums terms t…count−1.</summary>
    Upper,
}
