using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GraphNav.Models.Kernels;

/// <summary>
/// The innermost loops of <see cref="Gemm"/>: one register tile of C, <see cref="Mr"/> rows by
/// <see cref="Nr"/> columns, updated with a slice of the K reduction.
/// <para>
/// Operand format (what the packing routines in <see cref="GemmPacking"/> produce, and what some
/// layouts already are without packing): at reduction step p the tile reads the <see cref="Mr"/>
/// A values <c>a[p·aStep + 0..Mr-1]</c> and the <see cref="Nr"/> B values
/// <c>b[p·bStep + 0..Nr-1]</c>.
/// </para>
/// <para>
/// Every kernel computes each element of C by the same sequence of roundings:
/// <c>acc = (loadC ? C : 0); for p in order: acc = fma(A[i,p], B[p,j], acc)</c>. Vector lanes do
/// not interact, so the 512-bit, 256-bit and scalar kernels give bit-identical results, and so
/// does any split of the work over threads or over K blocks (a later K block starts from the
/// value the previous one stored).
/// </para>
/// </summary>
internal static unsafe class GemmMicroKernels
{
    /// <summary>Rows of the register tile.</summary>
    public const int Mr = 8;

    /// <summary>Columns of the register tile: two 512-bit vectors of floats.</summary>
    public const int Nr = 32;

    /// <summary>AVX-512 tile: 8 rows × 2 vectors = 16 zmm accumulators, 2 B loads and one
    /// broadcast per row per step, 16 FMAs per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile512(float* a, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (loadC)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + 16);
            c10 = Vector512.Load(c + ldc); c11 = Vector512.Load(c + ldc + 16);
            c20 = Vector512.Load(c + 2 * ldc); c21 = Vector512.Load(c + 2 * ldc + 16);
            c30 = Vector512.Load(c + 3 * ldc); c31 = Vector512.Load(c + 3 * ldc + 16);
            c40 = Vector512.Load(c + 4 * ldc); c41 = Vector512.Load(c + 4 * ldc + 16);
            c50 = Vector512.Load(c + 5 * ldc); c51 = Vector512.Load(c + 5 * ldc + 16);
            c60 = Vector512.Load(c + 6 * ldc); c61 = Vector512.Load(c + 6 * ldc + 16);
            c70 = Vector512.Load(c + 7 * ldc); c71 = Vector512.Load(c + 7 * ldc + 16);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector512<float>.Zero;
            c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<float>.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var av = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(av, b0, c00); c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(av, b0, c10); c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(av, b0, c20); c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(av, b0, c30); c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(av, b0, c40); c41 = Vector512.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(av, b0, c50); c51 = Vector512.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(av, b0, c60); c61 = Vector512.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(av, b0, c70); c71 = Vector512.FusedMultiplyAdd(av, b1, c71);
            a += aStep;
            b += bStep;
        }

        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
        c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16);
        c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
    }

    /// <summary>AVX2+FMA tile, as four 4-row × 16-column quarters so each quarter's 8 ymm
    /// accumulators, 2 B vectors and the broadcast fit in the 16 ymm registers of AVX2.</summary>
    public static void Tile256(float* a, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC)
    {
        Quarter256(a, aStep, b, bStep, kc, c, ldc, loadC);
        Quarter256(a, aStep, b + 16, bStep, kc, c + 16, ldc, loadC);
        Quarter256(a + 4, aStep, b, bStep, kc, c + 4 * ldc, ldc, loadC);
        Quarter256(a + 4, aStep, b + 16, bStep, kc, c + 4 * ldc + 16, ldc, loadC);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Quarter256(float* a, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (loadC)
        {
            c00 = Vector256.Load(c); c01 = Vector256.Load(c + 8);
            c10 = Vector256.Load(c + ldc); c11 = Vector256.Load(c + ldc + 8);
            c20 = Vector256.Load(c + 2 * ldc); c21 = Vector256.Load(c + 2 * ldc + 8);
            c30 = Vector256.Load(c + 3 * ldc); c31 = Vector256.Load(c + 3 * ldc + 8);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector256<float>.Zero;
        }

        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var av = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00); c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10); c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20); c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30); c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            a += aStep;
            b += bStep;
        }

        c00.Store(c); c01.Store(c + 8);
        c10.Store(c + ldc); c11.Store(c + ldc + 8);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8);
    }

    /// <summary>Portable tile: the same per-element sequence of fused multiply-adds, one element
    /// at a time. Used where neither AVX-512 nor AVX2+FMA is available, and by tests as the
    /// definition of the operation order.</summary>
    public static void TileScalar(float* a, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC)
    {
        for (int r = 0; r < Mr; r++)
            for (int j = 0; j < Nr; j++)
            {
                float acc = loadC ? c[r * ldc + j] : 0f;
                for (int p = 0; p < kc; p++)
                    acc = MathF.FusedMultiplyAdd(a[p * aStep + r], b[p * bStep + j], acc);
                c[r * ldc + j] = acc;
            }
    }
}
