using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GraphNav.Models.Kernels;

/// <summary>
/// Copies operands into the format the micro-kernels read (see <see cref="GemmMicroKernels"/>):
/// A blocks as Mr values per reduction step, B panels as Nr values per reduction step, padded
/// with zeros past the matrix edge so edge tiles run the same kernel.
/// Operands are described by element strides: A(i,p) = a[i·aRow + p·aStep],
/// B(p,j) = b[p·bStep + j·bCol].
/// </summary>
internal static unsafe class GemmPacking
{
    private const int Mr = GemmMicroKernels.Mr;
    private const int Nr = GemmMicroKernels.Nr;

    /// <summary>dst[pp·Mr + r] = A(i0 + r, p0 + pp) for pp &lt; kc, zero for r ≥ rows.</summary>
    public static void PackA(float* dst, float* a, nint aRow, nint aStep, int i0, int rows, int p0, int kc)
    {
        float* src = a + i0 * aRow + p0 * aStep;
        if (aStep == 1)
        {
            // Rows of A are contiguous along p: read each row forward, write with stride Mr.
            for (int r = 0; r < rows; r++)
            {
                float* s = src + r * aRow;
                float* d = dst + r;
                for (int pp = 0; pp < kc; pp++) d[pp * Mr] = s[pp];
            }
        }
        else if (aRow == 1 && rows == Mr)
        {
            // Stored Aᵀ (TN): each step's Mr values are contiguous.
            for (int pp = 0; pp < kc; pp++) Vector256.Load(src + pp * aStep).Store(dst + pp * Mr);
        }
        else
        {
            for (int pp = 0; pp < kc; pp++)
            {
                float* s = src + pp * aStep;
                float* d = dst + pp * Mr;
                for (int r = 0; r < rows; r++) d[r] = s[r * aRow];
            }
        }

        if (rows < Mr)
            for (int pp = 0; pp < kc; pp++)
                for (int r = rows; r < Mr; r++) dst[pp * Mr + r] = 0f;
    }

    /// <summary>dst[p·Nr + jj] = B(p, j0 + jj) for p &lt; k, zero for jj ≥ cols.</summary>
    public static void PackB(float* dst, float* b, nint bStep, nint bCol, int j0, int cols, int k)
    {
        float* src = b + j0 * bCol;
        if (bCol == 1)
        {
            // Rows of B are contiguous along j: a straight copy of cols floats per step, as four
            // 8-float vectors for full panels (a memmove call per 128 bytes costs more).
            if (cols == Nr)
            {
                for (int p = 0; p < k; p++)
                {
                    float* s = src + p * bStep, d = dst + p * Nr;
                    Vector256.Load(s).Store(d);
                    Vector256.Load(s + 8).Store(d + 8);
                    Vector256.Load(s + 16).Store(d + 16);
                    Vector256.Load(s + 24).Store(d + 24);
                }
            }
            else
            {
                for (int p = 0; p < k; p++)
                    new ReadOnlySpan<float>(src + p * bStep, cols).CopyTo(new Span<float>(dst + p * Nr, cols));
            }
        }
        else if (bStep == 1 && Avx512F.IsSupported)
        {
            // B is stored transposed (NT layout) with contiguous rows: 16×16 register transposes.
            for (int jj = 0; jj < cols; jj += 16)
                TransposeColumns16(dst + jj, src + jj * bCol, bCol, Math.Min(16, cols - jj), k);
            // The transposes wrote zeros for missing columns within their 16; clear an unused upper half.
            if (cols <= 16)
                for (int p = 0; p < k; p++) Vector512<float>.Zero.Store(dst + p * Nr + 16);
            return;
        }
        else
        {
            // B is stored transposed (NT layout). With AVX and contiguous rows, whole groups of 8 columns
            // go through 8×8 register transposes (the element copy was ~30% of a 64-row decode product);
            // the remaining columns are read one by one, forward along p.
            int first = 0;
            if (bStep == 1 && Avx.IsSupported)
            {
                int kFull = k / 8 * 8;
                for (; first + 8 <= cols; first += 8)
                {
                    float* s = src + first * bCol;
                    for (int p = 0; p < kFull; p += 8) Transpose8x8(s + p, bCol, dst + p * Nr + first, Nr);
                    for (int p = kFull; p < k; p++)
                        for (int t = 0; t < 8; t++) dst[p * Nr + first + t] = s[t * bCol + p];
                }
            }
            for (int jj = first; jj < cols; jj++)
            {
                float* s = src + jj * bCol;
                float* d = dst + jj;
                for (int p = 0; p < k; p++) d[p * Nr] = s[p * bStep];
            }
        }

        if (cols < Nr)
            for (int p = 0; p < k; p++)
                new Span<float>(dst + p * Nr + cols, Nr - cols).Clear();
    }

    /// <summary>
    /// dst[p·Nr + t] = src[t·ld + p] for t &lt; count (zero for count ≤ t &lt; 16), p &lt; k:
    /// 16 rows of a row-major matrix become 16-float groups of a panel, one 16×16 block at a
    /// time. Full blocks are transposed in registers; partial ones are padded with zeros first.
    /// </summary>
    private static void TransposeColumns16(float* dst, float* src, nint ld, int count, int k)
    {
        int p0 = 0;
        if (count == 16)
            for (; p0 + 16 <= k; p0 += 16)
                Transpose16x16(src + p0, ld, dst + p0 * Nr, Nr);
        if (p0 == k) return;

        // Partial block: zero-padded copy, then the same register transpose into a scratch
        // block, of which the first `width` rows are kept.
        int width = k - p0 < 16 ? k - p0 : 16;
        var block = stackalloc float[16 * 16];
        var outBlock = stackalloc float[16 * 16];
        for (; p0 < k; p0 += 16)
        {
            width = Math.Min(16, k - p0);
            new Span<float>(block, 256).Clear();
            for (int t = 0; t < count; t++)
                new ReadOnlySpan<float>(src + t * ld + p0, width).CopyTo(new Span<float>(block + 16 * t, width));
            Transpose16x16(block, 16, outBlock, 16);
            for (int p = 0; p < width; p++)
                Vector512.Load(outBlock + 16 * p).Store(dst + (p0 + p) * Nr);
        }
    }

    /// <summary>
    /// dst[q·ldd + t] = src[t·lds + q] for t, q &lt; 16, all in registers: a 32-bit unpack and a
    /// 64-bit unpack put rows 4g..4g+3 of column 4L + q into lane L of u[4g + q], then two
    /// rounds of 128-bit lane shuffles gather lane L of u[q], u[4+q], u[8+q], u[12+q].
    /// Requires AVX-512F. Also attention's key and value transposes (<see cref="AttentionMath.Transpose"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Transpose16x16(float* src, nint lds, float* dst, nint ldd)
    {
        Unpack4(src, lds, out var u0, out var u1, out var u2, out var u3);
        Unpack4(src + 4 * lds, lds, out var u4, out var u5, out var u6, out var u7);
        Unpack4(src + 8 * lds, lds, out var u8, out var u9, out var u10, out var u11);
        Unpack4(src + 12 * lds, lds, out var u12, out var u13, out var u14, out var u15);
        Gather4(u0, u4, u8, u12, dst, ldd);
        Gather4(u1, u5, u9, u13, dst + ldd, ldd);
        Gather4(u2, u6, u10, u14, dst + 2 * ldd, ldd);
        Gather4(u3, u7, u11, u15, dst + 3 * ldd, ldd);
    }

    /// <summary>
    /// dst[q·ldd + t] = src[t·lds + q] for t, q &lt; 8, in AVX registers: 32-bit unpacks pair rows,
    /// 64-bit shuffles make 4-row column pieces in each 128-bit half, and 128-bit permutes join the
    /// pieces of rows 0–3 and 4–7. Requires AVX. Also attention's transposes without AVX-512.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Transpose8x8(float* src, nint lds, float* dst, nint ldd)
    {
        var t0 = Avx.UnpackLow(Vector256.Load(src), Vector256.Load(src + lds));            // r0,r1 columns 0,1 | 4,5
        var t1 = Avx.UnpackHigh(Vector256.Load(src), Vector256.Load(src + lds));           // columns 2,3 | 6,7
        var t2 = Avx.UnpackLow(Vector256.Load(src + 2 * lds), Vector256.Load(src + 3 * lds));
        var t3 = Avx.UnpackHigh(Vector256.Load(src + 2 * lds), Vector256.Load(src + 3 * lds));
        var t4 = Avx.UnpackLow(Vector256.Load(src + 4 * lds), Vector256.Load(src + 5 * lds));
        var t5 = Avx.UnpackHigh(Vector256.Load(src + 4 * lds), Vector256.Load(src + 5 * lds));
        var t6 = Avx.UnpackLow(Vector256.Load(src + 6 * lds), Vector256.Load(src + 7 * lds));
        var t7 = Avx.UnpackHigh(Vector256.Load(src + 6 * lds), Vector256.Load(src + 7 * lds));
        var s0 = Avx.Shuffle(t0, t2, 0x44); // rows 0-3 of column 0 | column 4
        var s1 = Avx.Shuffle(t0, t2, 0xEE); // column 1 | 5
        var s2 = Avx.Shuffle(t1, t3, 0x44); // column 2 | 6
        var s3 = Avx.Shuffle(t1, t3, 0xEE); // column 3 | 7
        var s4 = Avx.Shuffle(t4, t6, 0x44); // rows 4-7, the same columns
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(s0, s4, 0x20).Store(dst);
        Avx.Permute2x128(s1, s5, 0x20).Store(dst + ldd);
        Avx.Permute2x128(s2, s6, 0x20).Store(dst + 2 * ldd);
        Avx.Permute2x128(s3, s7, 0x20).Store(dst + 3 * ldd);
        Avx.Permute2x128(s0, s4, 0x31).Store(dst + 4 * ldd);
        Avx.Permute2x128(s1, s5, 0x31).Store(dst + 5 * ldd);
        Avx.Permute2x128(s2, s6, 0x31).Store(dst + 6 * ldd);
        Avx.Permute2x128(s3, s7, 0x31).Store(dst + 7 * ldd);
    }

    /// <summary>Rows r0..r3 → u_q with lane L = (r0, r1, r2, r3)[4L + q].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unpack4(float* src, nint lds, out Vector512<float> u0, out Vector512<float> u1,
        out Vector512<float> u2, out Vector512<float> u3)
    {
        var r0 = Vector512.Load(src);
        var r1 = Vector512.Load(src + lds);
        var r2 = Vector512.Load(src + 2 * lds);
        var r3 = Vector512.Load(src + 3 * lds);
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble();
        var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble();
        var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
        u0 = Avx512F.UnpackLow(t0, t2).AsSingle();
        u1 = Avx512F.UnpackHigh(t0, t2).AsSingle();
        u2 = Avx512F.UnpackLow(t1, t3).AsSingle();
        u3 = Avx512F.UnpackHigh(t1, t3).AsSingle();
    }

    /// <summary>Stores columns q, 4+q, 8+q, 12+q (dst rows 0, 4, 8, 12 from dst) from the
    /// unpacked groups of rows 0-3, 4-7, 8-11, 12-15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather4(Vector512<float> g0, Vector512<float> g1, Vector512<float> g2,
        Vector512<float> g3, float* dst, nint ldd)
    {
        var even01 = Avx512F.Shuffle4x128(g0, g1, 0x88); // lanes 0, 2 of rows 0-7
        var even23 = Avx512F.Shuffle4x128(g2, g3, 0x88); // lanes 0, 2 of rows 8-15
        var odd01 = Avx512F.Shuffle4x128(g0, g1, 0xDD);  // lanes 1, 3
        var odd23 = Avx512F.Shuffle4x128(g2, g3, 0xDD);
        Avx512F.Shuffle4x128(even01, even23, 0x88).Store(dst);
        Avx512F.Shuffle4x128(odd01, odd23, 0x88).Store(dst + 4 * ldd);
        Avx512F.Shuffle4x128(even01, even23, 0xDD).Store(dst + 8 * ldd);
        Avx512F.Shuffle4x128(odd01, odd23, 0xDD).Store(dst + 12 * ldd);
    }
}
