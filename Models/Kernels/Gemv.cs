using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GraphNav.Models.Kernels;

/// <summary>
/// out[b, :] = x[b, :] · W for a few rows b against a pre-transposed weight Wt [K, N] (= Wᵀ of a
/// linear layer's [N, K]): the decode step of the KV cache, where Gemm's packing would cost more
/// than the product. Each output is one fused multiply-add per reduction index in increasing
/// order, starting from 0 — the same chain Gemm documents — so the bits equal Gemm.MatMulNT's.
/// </summary>
internal static class Gemv
{
    /// <summary>output [M, N] = x [M, K] · Wt [K, N] (overwrites).</summary>
    public static void RowsTimesTransposed(Span<float> output, ReadOnlySpan<float> x, ReadOnlySpan<float> wt, int m, int n, int k)
    {
        const int W = 8;
        ref float pw = ref MemoryMarshal.GetReference(wt);
        for (int row = 0; row < m; row++)
        {
            var xr = x.Slice(row * k, k);
            var o = output.Slice(row * n, n);
            ref float po = ref MemoryMarshal.GetReference(o);
            int j = 0;
            for (; j <= n - 4 * W; j += 4 * W) // four accumulators hide the FMA latency
            {
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int p = 0; p < k; p++)
                {
                    var xp = Vector256.Create(xr[p]);
                    nuint at = (nuint)(p * n + j);
                    a0 = Vector256.FusedMultiplyAdd(xp, Vector256.LoadUnsafe(ref pw, at), a0);
                    a1 = Vector256.FusedMultiplyAdd(xp, Vector256.LoadUnsafe(ref pw, at + W), a1);
                    a2 = Vector256.FusedMultiplyAdd(xp, Vector256.LoadUnsafe(ref pw, at + 2 * W), a2);
                    a3 = Vector256.FusedMultiplyAdd(xp, Vector256.LoadUnsafe(ref pw, at + 3 * W), a3);
                }
                a0.StoreUnsafe(ref po, (nuint)j);
                a1.StoreUnsafe(ref po, (nuint)(j + W));
                a2.StoreUnsafe(ref po, (nuint)(j + 2 * W));
                a3.StoreUnsafe(ref po, (nuint)(j + 3 * W));
            }
            for (; j <= n - W; j += W)
            {
                Vector256<float> a0 = default;
                for (int p = 0; p < k; p++)
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Create(xr[p]), Vector256.LoadUnsafe(ref pw, (nuint)(p * n + j)), a0);
                a0.StoreUnsafe(ref po, (nuint)j);
            }
            for (; j < n; j++)
            {
                float acc = 0;
                for (int p = 0; p < k; p++) acc = MathF.FusedMultiplyAdd(xr[p], Unsafe.Add(ref pw, p * n + j), acc);
                o[j] = acc;
            }
        }
    }

    /// <summary>Writes Wᵀ [K, N] of a weight w [N, K].</summary>
    public static void Transpose(Span<float> wt, ReadOnlySpan<float> w, int n, int k)
    {
        for (int r = 0; r < n; r++)
            for (int c = 0; c < k; c++) wt[c * n + r] = w[r * k + c];
    }
}
