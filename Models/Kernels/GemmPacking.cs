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
}
