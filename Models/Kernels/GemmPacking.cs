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
            // Rows of B are contiguous along j: a straight copy of cols floats per step.
            for (int p = 0; p < k; p++)
            {
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
            // B is stored transposed (NT layout): read each column forward along p.
            for (int jj = 0; jj < cols; jj++)
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
    /// time (unpack 32-bit, unpack 64-bit, then two 128-bit lane shuffles).
    /// </summary>
    private static void TransposeColumns16(float* dst, float* src, nint ld, int count, int k)
    {
        var r = stackalloc Vector512<float>[16];
        var u = stackalloc Vector512<float>[16];
        for (int p0 = 0; p0 < k; p0 += 16)
        {
            int width = Math.Min(16, k - p0);
            var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(width)).AsSingle();
            for (int t = 0; t < 16; t++)
                r[t] = t >= count ? Vector512<float>.Zero
                    : width == 16 ? Vector512.Load(src + t * ld + p0)
                    : Avx512F.MaskLoad(src + t * ld + p0, mask, Vector512<float>.Zero);

            // After the unpacks u[4g + q] holds, in 128-bit lane L, rows 4g..4g+3 of column 4L + q.
            for (int g = 0; g < 4; g++)
            {
                var t0 = Avx512F.UnpackLow(r[4 * g], r[4 * g + 1]).AsDouble();
                var t1 = Avx512F.UnpackHigh(r[4 * g], r[4 * g + 1]).AsDouble();
                var t2 = Avx512F.UnpackLow(r[4 * g + 2], r[4 * g + 3]).AsDouble();
                var t3 = Avx512F.UnpackHigh(r[4 * g + 2], r[4 * g + 3]).AsDouble();
                u[4 * g] = Avx512F.UnpackLow(t0, t2).AsSingle();
                u[4 * g + 1] = Avx512F.UnpackHigh(t0, t2).AsSingle();
                u[4 * g + 2] = Avx512F.UnpackLow(t1, t3).AsSingle();
                u[4 * g + 3] = Avx512F.UnpackHigh(t1, t3).AsSingle();
            }

            // Column 4L + q gathers lane L of u[q], u[4+q], u[8+q], u[12+q].
            for (int q = 0; q < 4; q++)
            {
                var even01 = Avx512F.Shuffle4x128(u[q], u[4 + q], 0x88);     // lanes 0,2 of rows 0-7
                var even23 = Avx512F.Shuffle4x128(u[8 + q], u[12 + q], 0x88); // lanes 0,2 of rows 8-15
                var odd01 = Avx512F.Shuffle4x128(u[q], u[4 + q], 0xDD);
                var odd23 = Avx512F.Shuffle4x128(u[8 + q], u[12 + q], 0xDD);
                Store(dst, p0 + q, width, q, Avx512F.Shuffle4x128(even01, even23, 0x88));
                Store(dst, p0 + 4 + q, width, 4 + q, Avx512F.Shuffle4x128(odd01, odd23, 0x88));
                Store(dst, p0 + 8 + q, width, 8 + q, Avx512F.Shuffle4x128(even01, even23, 0xDD));
                Store(dst, p0 + 12 + q, width, 12 + q, Avx512F.Shuffle4x128(odd01, odd23, 0xDD));
            }
        }

        static void Store(float* dst, int p, int width, int column, Vector512<float> value)
        {
            if (column < width) value.Store(dst + p * Nr);
        }
    }
}
