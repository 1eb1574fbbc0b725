using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GraphNav.Models.Kernels;

/// <summary>
/// The small matrix pieces attention is made of, for one head: T is at most a few dozen and HS a
/// few dozen, too small for Gemm's packing to pay, so these run straight from the activations with
/// Vector256 FMAs. Every output element is one FMA chain in a fixed order (over channels for
/// scores, over rows for sums of rows) that does not depend on how many vectors are processed side
/// by side, so the full forward and the KV-cache decoder — which call these with different widths
/// — give the same bits.
/// </summary>
internal static unsafe class AttentionMath
{
    /// <summary>Floats per vector.</summary>
    public const int W = 8;

    [ThreadStatic] private static float[]? t_first, t_second;

    /// <summary>Per-thread scratch of at least <paramref name="floats"/> floats (slot 0 or 1), grown on
    /// demand and pinned; steady-state calls allocate nothing whatever the context length.</summary>
    public static float* Scratch(int slot, int floats)
    {
        ref float[]? buffer = ref slot == 0 ? ref t_first : ref t_second;
        if (buffer is null || buffer.Length < floats) buffer = GC.AllocateArray<float>(Math.Max(floats, 2 * (buffer?.Length ?? 0)), pinned: true);
        return (float*)Unsafe.AsPointer(ref buffer[0]);
    }

    /// <summary>dst[d·dstStride + t] = src[t·srcStride + d] for t &lt; rows, d &lt; cols; the padding
    /// columns t ∈ [rows, dstStride) are zeroed so no garbage enters a vector lane. With AVX-512,
    /// at least 16 rows and whole 16-column groups, 16×16 blocks are transposed in registers; a last
    /// partial block of rows is done as the 16 rows ending at the last one, rewriting a few
    /// columns with the same values; with AVX only, the same with 8×8 blocks.</summary>
    public static void Transpose(float* dst, int dstStride, float* src, int srcStride, int rows, int cols)
    {
        int block = Avx512F.IsSupported && rows >= 16 && cols % 16 == 0 ? 16
            : Avx.IsSupported && rows >= 8 && cols % 8 == 0 ? 8 : 0;
        if (block > 0)
        {
            for (int d = 0; d < cols; d += block)
                for (int t = 0; t < rows; t += block)
                {
                    int t0 = Math.Min(t, rows - block);
                    if (block == 16) GemmPacking.Transpose16x16(src + t0 * srcStride + d, srcStride, dst + d * dstStride + t0, dstStride);
                    else GemmPacking.Transpose8x8(src + t0 * srcStride + d, srcStride, dst + d * dstStride + t0, dstStride);
                }
            if (rows < dstStride)
                for (int d = 0; d < cols; d++) new Span<float>(dst + d * dstStride + rows, dstStride - rows).Clear();
            return;
        }
        for (int d = 0; d < cols; d++)
        {
            float* column = dst + d * dstStride;
            for (int t = 0; t < rows; t++) column[t] = src[t * srcStride + d];
            for (int t = rows; t < dstStride; t++) column[t] = 0;
        }
    }

    /// <summary>result[j] = Σ_d x[d]·m[d·stride + j] for j &lt; width (a multiple of W): one row times
    /// a transposed matrix — query·keys or dout·values. Chains run over d from 0.</summary>
    public static void RowTimesTransposed(float* result, float* x, float* m, int stride, int width, int hs)
    {
        int j = 0;
        for (; j <= width - 4 * W; j += 4 * W)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            float* col = m + j;
            for (int d = 0; d < hs; d++, col += stride)
            {
                var xd = Vector256.Create(x[d]);
                a0 = Vector256.FusedMultiplyAdd(xd, Vector256.Load(col), a0);
                a1 = Vector256.FusedMultiplyAdd(xd, Vector256.Load(col + W), a1);
                a2 = Vector256.FusedMultiplyAdd(xd, Vector256.Load(col + 2 * W), a2);
                a3 = Vector256.FusedMultiplyAdd(xd, Vector256.Load(col + 3 * W), a3);
            }
            a0.Store(result + j);
            a1.Store(result + j + W);
            a2.Store(result + j + 2 * W);
            a3.Store(result + j + 3 * W);
        }
        for (; j < width; j += W)
        {
            Vector256<float> a = default;
            float* col = m + j;
            for (int d = 0; d < hs; d++, col += stride) a = Vector256.FusedMultiplyAdd(Vector256.Create(x[d]), Vector256.Load(col), a);
            a.Store(result + j);
        }
    }

    /// <summary>
    /// RowTimesTransposed for <paramref name="rows"/> rows at once (row r of x at x + r·xStride,
    /// its result at result + r·resultStride): four rows share each load of m, and their chains run
    /// side by side instead of waiting on each other. Each element's chain is the one
    /// RowTimesTransposed computes, so the bits are the same.
    /// </summary>
    public static void RowsTimesTransposed(float* result, int resultStride, float* x, int xStride, int rows,
        float* m, int stride, int width, int hs)
    {
        int r = 0;
        for (; r <= rows - 4; r += 4)
        {
            float* x0 = x + r * xStride, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
            float* y0 = result + r * resultStride;
            for (int j = 0; j < width; j += 2 * W)
            {
                bool pair = j + W < width;
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
                float* col = m + j;
                for (int d = 0; d < hs; d++, col += stride)
                {
                    var c0 = Vector256.Load(col);
                    var c1 = pair ? Vector256.Load(col + W) : default;
                    var v0 = Vector256.Create(x0[d]);
                    var v1 = Vector256.Create(x1[d]);
                    var v2 = Vector256.Create(x2[d]);
                    var v3 = Vector256.Create(x3[d]);
                    a0 = Vector256.FusedMultiplyAdd(v0, c0, a0);
                    a1 = Vector256.FusedMultiplyAdd(v1, c0, a1);
                    a2 = Vector256.FusedMultiplyAdd(v2, c0, a2);
                    a3 = Vector256.FusedMultiplyAdd(v3, c0, a3);
                    b0 = Vector256.FusedMultiplyAdd(v0, c1, b0);
                    b1 = Vector256.FusedMultiplyAdd(v1, c1, b1);
                    b2 = Vector256.FusedMultiplyAdd(v2, c1, b2);
                    b3 = Vector256.FusedMultiplyAdd(v3, c1, b3);
                }
                a0.Store(y0 + j);
                a1.Store(y0 + resultStride + j);
                a2.Store(y0 + 2 * resultStride + j);
                a3.Store(y0 + 3 * resultStride + j);
                if (!pair) continue;
                b0.Store(y0 + j + W);
                b1.Store(y0 + resultStride + j + W);
                b2.Store(y0 + 2 * resultStride + j + W);
                b3.Store(y0 + 3 * resultStride + j + W);
            }
        }
        for (; r < rows; r++) RowTimesTransposed(result + r * resultStride, x + r * xStride, m, stride, width, hs);
    }

    /// <summary>
    /// In place over s[0 .. count rounded up to W): s = softmax(s·scale) over the first count
    /// entries, 0 beyond them. Max and sum are over whole vectors of W lanes (masked lanes contribute
    /// −∞ and 0), then across lanes, in a fixed order. With 512-bit vectors each of the three passes
    /// handles two W-lane vectors per step and adds them to the sum one after the other, so the sum
    /// (the only order-dependent step) is the same chain and the result the same bits.
    /// </summary>
    public static void Softmax(float* s, int count, float scale)
    {
        int width = (count + W - 1) / W * W;
        int wide = Vector512.IsHardwareAccelerated ? width / (2 * W) * (2 * W) : 0;
        var vscale = Vector256.Create(scale);
        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var max = Vector256.Create(float.NegativeInfinity);
        int j = 0;
        if (wide > 0)
        {
            // Only the last vector can have masked lanes, so full 16-lane vectors need no mask.
            int full = Math.Min(wide, count / (2 * W) * (2 * W));
            var vscale512 = Vector512.Create(scale);
            var max512 = Vector512.Create(float.NegativeInfinity);
            for (; j < full; j += 2 * W)
            {
                var x = Vector512.Load(s + j) * vscale512;
                x.Store(s + j);
                max512 = Vector512.Max(max512, x);
            }
            max = Vector256.Max(max512.GetLower(), max512.GetUpper());
        }
        for (; j < width; j += W)
        {
            var live = Vector256.LessThan(lane + Vector256.Create(j), Vector256.Create(count)).AsSingle();
            var x = Vector256.ConditionalSelect(live, Vector256.Load(s + j) * vscale, Vector256.Create(float.NegativeInfinity));
            x.Store(s + j);
            max = Vector256.Max(max, x);
        }
        float shiftValue = HorizontalMax(max);
        var shift = Vector256.Create(shiftValue);
        var sum = Vector256<float>.Zero;
        j = 0;
        if (wide > 0)
        {
            var shift512 = Vector512.Create(shiftValue);
            for (; j < wide; j += 2 * W)
            {
                var e = VectorExp.Exp(Vector512.Load(s + j) - shift512);
                e.Store(s + j);
                sum += e.GetLower();
                sum += e.GetUpper();
            }
        }
        for (; j < width; j += W)
        {
            var e = VectorExp.Exp(Vector256.Load(s + j) - shift);
            e.Store(s + j);
            sum += e;
        }
        float inverseValue = 1f / Vector256.Sum(sum);
        j = 0;
        if (wide > 0)
        {
            var inverse512 = Vector512.Create(inverseValue);
            for (; j < wide; j += 2 * W) (Vector512.Load(s + j) * inverse512).Store(s + j);
        }
        var inverse = Vector256.Create(inverseValue);
        for (; j < width; j += W) (Vector256.Load(s + j) * inverse).Store(s + j);
    }

    /// <summary>
    /// <see cref="Softmax"/> of two rows with the same count, their passes interleaved: one row's
    /// softmax is a chain of reductions (max, then sum, then a division) that leaves the vector units
    /// waiting; two independent rows fill them. Each row gets exactly Softmax's operations.
    /// </summary>
    public static void SoftmaxPair(float* s0, float* s1, int count, float scale)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Softmax(s0, count, scale);
            Softmax(s1, count, scale);
            return;
        }
        int width = (count + W - 1) / W * W;
        int wide = width / (2 * W) * (2 * W);
        int full = Math.Min(wide, count / (2 * W) * (2 * W));
        var vscale512 = Vector512.Create(scale);
        var ninf512 = Vector512.Create(float.NegativeInfinity);
        Vector512<float> max0w = ninf512, max1w = ninf512;
        int j = 0;
        for (; j < full; j += 2 * W)
        {
            var x0 = Vector512.Load(s0 + j) * vscale512;
            var x1 = Vector512.Load(s1 + j) * vscale512;
            x0.Store(s0 + j);
            x1.Store(s1 + j);
            max0w = Vector512.Max(max0w, x0);
            max1w = Vector512.Max(max1w, x1);
        }
        var max0 = Vector256.Max(max0w.GetLower(), max0w.GetUpper());
        var max1 = Vector256.Max(max1w.GetLower(), max1w.GetUpper());
        var vscale = Vector256.Create(scale);
        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var ninf = Vector256.Create(float.NegativeInfinity);
        for (; j < width; j += W)
        {
            var live = Vector256.LessThan(lane + Vector256.Create(j), Vector256.Create(count)).AsSingle();
            var x0 = Vector256.ConditionalSelect(live, Vector256.Load(s0 + j) * vscale, ninf);
            var x1 = Vector256.ConditionalSelect(live, Vector256.Load(s1 + j) * vscale, ninf);
            x0.Store(s0 + j);
            x1.Store(s1 + j);
            max0 = Vector256.Max(max0, x0);
            max1 = Vector256.Max(max1, x1);
        }
        float shift0 = HorizontalMax(max0), shift1 = HorizontalMax(max1);
        var sum0 = Vector256<float>.Zero;
        var sum1 = Vector256<float>.Zero;
        var shift0w = Vector512.Create(shift0);
        var shift1w = Vector512.Create(shift1);
        for (j = 0; j < wide; j += 2 * W)
        {
            var e0 = VectorExp.Exp(Vector512.Load(s0 + j) - shift0w);
            var e1 = VectorExp.Exp(Vector512.Load(s1 + j) - shift1w);
            e0.Store(s0 + j);
            e1.Store(s1 + j);
            sum0 += e0.GetLower();
            sum1 += e1.GetLower();
            sum0 += e0.GetUpper();
            sum1 += e1.GetUpper();
        }
        var shift0n = Vector256.Create(shift0);
        var shift1n = Vector256.Create(shift1);
        for (; j < width; j += W)
        {
            var e0 = VectorExp.Exp(Vector256.Load(s0 + j) - shift0n);
            var e1 = VectorExp.Exp(Vector256.Load(s1 + j) - shift1n);
            e0.Store(s0 + j);
            e1.Store(s1 + j);
            sum0 += e0;
            sum1 += e1;
        }
        float inverse0 = 1f / Vector256.Sum(sum0), inverse1 = 1f / Vector256.Sum(sum1);
        var inverse0w = Vector512.Create(inverse0);
        var inverse1w = Vector512.Create(inverse1);
        for (j = 0; j < wide; j += 2 * W)
        {
            (Vector512.Load(s0 + j) * inverse0w).Store(s0 + j);
            (Vector512.Load(s1 + j) * inverse1w).Store(s1 + j);
        }
        var inverse0n = Vector256.Create(inverse0);
        var inverse1n = Vector256.Create(inverse1);
        for (; j < width; j += W)
        {
            (Vector256.Load(s0 + j) * inverse0n).Store(s0 + j);
            (Vector256.Load(s1 + j) * inverse1n).Store(s1 + j);
        }
    }

    /// <summary>
    /// Softmax backward for one row, in place: on entry g[j] = d loss / d att[j], on exit
    /// g[j] = att[j]·(g[j] − Σ att·g)·scale for j &lt; count (the gradient of the scaled score).
    /// att holds at least count floats.
    /// </summary>
    public static void SoftmaxBackward(float* g, float* att, int count, float scale)
    {
        int j = 0;
        var acc = Vector256<float>.Zero;
        for (; j <= count - W; j += W) acc = Vector256.FusedMultiplyAdd(Vector256.Load(att + j), Vector256.Load(g + j), acc);
        float dot = Vector256.Sum(acc);
        for (; j < count; j++) dot = MathF.FusedMultiplyAdd(att[j], g[j], dot);
        var vdot = Vector256.Create(dot);
        var vscale = Vector256.Create(scale);
        for (j = 0; j <= count - W; j += W)
            (Vector256.Load(att + j) * (Vector256.Load(g + j) - vdot) * vscale).Store(g + j);
        for (; j < count; j++) g[j] = att[j] * (g[j] - dot) * scale;
    }

    /// <summary>dst[d] += Σ_{i &lt; count} coef[i·coefStride]·src[i·srcStride + d] for d &lt; hs: a
    /// weighted sum of rows (attention output, dq, dk, dv). Chains run over i from dst's value.</summary>
    public static void AccumulateRows(float* dst, float* coef, int coefStride, float* src, int srcStride, int count, int hs)
    {
        int d = 0;
        for (; d <= hs - 4 * W; d += 4 * W)
        {
            var a0 = Vector256.Load(dst + d);
            var a1 = Vector256.Load(dst + d + W);
            var a2 = Vector256.Load(dst + d + 2 * W);
            var a3 = Vector256.Load(dst + d + 3 * W);
            float* row = src + d;
            for (int i = 0; i < count; i++, row += srcStride)
            {
                var c = Vector256.Create(coef[i * coefStride]);
                a0 = Vector256.FusedMultiplyAdd(c, Vector256.Load(row), a0);
                a1 = Vector256.FusedMultiplyAdd(c, Vector256.Load(row + W), a1);
                a2 = Vector256.FusedMultiplyAdd(c, Vector256.Load(row + 2 * W), a2);
                a3 = Vector256.FusedMultiplyAdd(c, Vector256.Load(row + 3 * W), a3);
            }
            a0.Store(dst + d);
            a1.Store(dst + d + W);
            a2.Store(dst + d + 2 * W);
            a3.Store(dst + d + 3 * W);
        }
        for (; d <= hs - W; d += W)
        {
            var a = Vector256.Load(dst + d);
            float* row = src + d;
            for (int i = 0; i < count; i++, row += srcStride)
                a = Vector256.FusedMultiplyAdd(Vector256.Create(coef[i * coefStride]), Vector256.Load(row), a);
            a.Store(dst + d);
        }
        for (; d < hs; d++)
        {
            float a = dst[d];
            for (int i = 0; i < count; i++) a = MathF.FusedMultiplyAdd(coef[i * coefStride], src[i * srcStride + d], a);
            dst[d] = a;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalMax(Vector256<float> v)
    {
        var m = Vector128.Max(v.GetLower(), v.GetUpper());
        float r = m[0];
        for (int i = 1; i < 4; i++) r = MathF.Max(r, m[i]);
        return r;
    }
}
