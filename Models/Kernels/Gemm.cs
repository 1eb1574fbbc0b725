namespace GraphNav.Models.Kernels;

/// <summary>
/// Single-precision matrix products on row-major matrices, the three layouts a linear layer's
/// forward and backward need. Every product may overwrite C or accumulate into it.
/// PLACEHOLDER: naive loops; the SIMD, register-tiled, packed kernels replace these bodies.
/// </summary>
public static class Gemm
{
    /// <summary>C[M,N] (+)= A[M,K] · B[N,K]ᵀ  (linear forward: out = inp · Wᵀ; W is [OC, C]).</summary>
    public static void MatMulNT(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        int m, int n, int k, bool accumulate, int threads = 1)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
                c[i * n + j] = accumulate ? c[i * n + j] + s : s;
            }
    }

    /// <summary>C[M,N] (+)= A[M,K] · B[K,N]  (linear backward to the input: dinp = dout · W).</summary>
    public static void MatMulNN(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        int m, int n, int k, bool accumulate, int threads = 1)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = accumulate ? c[i * n + j] + s : s;
            }
    }

    /// <summary>C[M,N] (+)= A[K,M]ᵀ · B[K,N]  (linear backward to the weight: dW = doutᵀ · inp).</summary>
    public static void MatMulTN(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        int m, int n, int k, bool accumulate, int threads = 1)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < k; p++) s += a[p * m + i] * b[p * n + j];
                c[i * n + j] = accumulate ? c[i * n + j] + s : s;
            }
    }
}
