using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GraphNav.Models.Kernels;

/// <summary>
/// The innermost loops of <see cref="Gemm"/>: one register tile of C, <see cref="Mr"/> rows by
/// <see cref="Nr"/> columns, updated with a slice of the K reduction.
/// <para>
/// Operand format (what the packing routines in <see cref="GemmPacking"/> produce, and what some
/// layouts already are without packing): at reduction step p the tile reads the <see cref="Mr"/>
/// A values <c>a[r·aRow + p·aStep]</c> (r &lt; Mr; packed blocks have aRow = 1, aStep = Mr, a
/// row-major A read in place has aRow = lda, aStep = 1, a stored Aᵀ (TN) aRow = 1, aStep = lda)
/// and the <see cref="Nr"/> B values <c>b[p·bStep + 0..Nr-1]</c> (packed panels: bStep = Nr;
/// row-major B read in place: bStep = ldb).
/// </para>
/// <para>
/// Every kernel computes each element of C by the same sequence of roundings:
/// <c>acc = (loadC ? C : 0); for p in order: acc = fma(A[i,p], B[p,j], acc)</c>. Vector lanes do
/// not interact, so every kernel here (tiles of each width, edge strips, the single-row kernel,
/// scalar) gives bit-identical results, and so does any split of the work over threads or over
/// K blocks (a later K block starts from the value the previous one stored).
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
    public static void Tile512(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC)
    {
        // Rows 0-3 are addressed from a0 and rows 4-7 from a4 with three shared row offsets,
        // which x64 folds into [base + offset*4] operands: 5 registers instead of 8 pointers.
        float* a0 = a, a4 = a + 4 * aRow;
        nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow;
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
            var av = Vector512.Create(a0[0]);
            c00 = Vector512.FusedMultiplyAdd(av, b0, c00); c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a0[r1]);
            c10 = Vector512.FusedMultiplyAdd(av, b0, c10); c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a0[r2]);
            c20 = Vector512.FusedMultiplyAdd(av, b0, c20); c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a0[r3]);
            c30 = Vector512.FusedMultiplyAdd(av, b0, c30); c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a4[0]);
            c40 = Vector512.FusedMultiplyAdd(av, b0, c40); c41 = Vector512.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a4[r1]);
            c50 = Vector512.FusedMultiplyAdd(av, b0, c50); c51 = Vector512.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a4[r2]);
            c60 = Vector512.FusedMultiplyAdd(av, b0, c60); c61 = Vector512.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a4[r3]);
            c70 = Vector512.FusedMultiplyAdd(av, b0, c70); c71 = Vector512.FusedMultiplyAdd(av, b1, c71);
            a0 += aStep;
            a4 += aStep;
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

    /// <summary>
    /// AVX-512 edge strip: the same computation as <see cref="Tile512"/> for one 16-column half of
    /// a tile, touching only the first <paramref name="rows"/> rows of C and the columns whose
    /// <paramref name="mask"/> lane is set (masked loads and stores never fault past the end).
    /// Edge tiles use it instead of a copy through a scratch tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Strip512(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC, int rows, Vector512<float> mask)
    {
        var zero = Vector512<float>.Zero;
        Vector512<float> c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
        if (loadC)
        {
            c0 = Avx512F.MaskLoad(c, mask, zero);
            if (rows > 1) c1 = Avx512F.MaskLoad(c + ldc, mask, zero);
            if (rows > 2) c2 = Avx512F.MaskLoad(c + 2 * ldc, mask, zero);
            if (rows > 3) c3 = Avx512F.MaskLoad(c + 3 * ldc, mask, zero);
            if (rows > 4) c4 = Avx512F.MaskLoad(c + 4 * ldc, mask, zero);
            if (rows > 5) c5 = Avx512F.MaskLoad(c + 5 * ldc, mask, zero);
            if (rows > 6) c6 = Avx512F.MaskLoad(c + 6 * ldc, mask, zero);
            if (rows > 7) c7 = Avx512F.MaskLoad(c + 7 * ldc, mask, zero);
        }

        float* a0 = a, a4 = a + 4 * aRow;
        nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow;
        for (int p = 0; p < kc; p++)
        {
            var bv = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[0]), bv, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[r1]), bv, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[r2]), bv, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[r3]), bv, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a4[0]), bv, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a4[r1]), bv, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a4[r2]), bv, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a4[r3]), bv, c7);
            a0 += aStep;
            a4 += aStep;
            b += bStep;
        }

        Avx512F.MaskStore(c, mask, c0);
        if (rows > 1) Avx512F.MaskStore(c + ldc, mask, c1);
        if (rows > 2) Avx512F.MaskStore(c + 2 * ldc, mask, c2);
        if (rows > 3) Avx512F.MaskStore(c + 3 * ldc, mask, c3);
        if (rows > 4) Avx512F.MaskStore(c + 4 * ldc, mask, c4);
        if (rows > 5) Avx512F.MaskStore(c + 5 * ldc, mask, c5);
        if (rows > 6) Avx512F.MaskStore(c + 6 * ldc, mask, c6);
        if (rows > 7) Avx512F.MaskStore(c + 7 * ldc, mask, c7);
    }

    /// <summary>
    /// AVX-512 single-row kernel for products with very few rows (generation): one row of C
    /// against up to four B panels, panel t at <c>b + t·panelStride</c>, 8 accumulators, writing
    /// the first <paramref name="cols"/> (≤ 4·Nr) columns of the row. A value p is a[p·aStep].
    /// Same per-element operation order as <see cref="Tile512"/>; it just does not spend seven
    /// padding rows of work on one real row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row512(float* a, nint aStep, float* b, nint bStep, nint panelStride, int panels,
        int kc, float* c, bool loadC, int cols)
    {
        // Missing panels alias panel 0: their lanes are computed and never stored.
        float* b0 = b, b1 = panels > 1 ? b + panelStride : b;
        float* b2 = panels > 2 ? b + 2 * panelStride : b, b3 = panels > 3 ? b + 3 * panelStride : b;
        var zero = Vector512<float>.Zero;
        Vector512<float> c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
        if (loadC)
        {
            c0 = LoadPart(c, cols, 0); c1 = LoadPart(c, cols, 1); c2 = LoadPart(c, cols, 2); c3 = LoadPart(c, cols, 3);
            c4 = LoadPart(c, cols, 4); c5 = LoadPart(c, cols, 5); c6 = LoadPart(c, cols, 6); c7 = LoadPart(c, cols, 7);
        }

        for (int p = 0; p < kc; p++)
        {
            var av = Vector512.Create(*a);
            c0 = Vector512.FusedMultiplyAdd(av, Vector512.Load(b0), c0);
            c1 = Vector512.FusedMultiplyAdd(av, Vector512.Load(b0 + 16), c1);
            c2 = Vector512.FusedMultiplyAdd(av, Vector512.Load(b1), c2);
            c3 = Vector512.FusedMultiplyAdd(av, Vector512.Load(b1 + 16), c3);
            c4 = Vector512.FusedMultiplyAdd(av, Vector512.Load(b2), c4);
            c5 = Vector512.FusedMultiplyAdd(av, Vector512.Load(b2 + 16), c5);
            c6 = Vector512.FusedMultiplyAdd(av, Vector512.Load(b3), c6);
            c7 = Vector512.FusedMultiplyAdd(av, Vector512.Load(b3 + 16), c7);
            a += aStep;
            b0 += bStep; b1 += bStep; b2 += bStep; b3 += bStep;
        }

        StorePart(c, cols, 0, c0); StorePart(c, cols, 1, c1); StorePart(c, cols, 2, c2); StorePart(c, cols, 3, c3);
        StorePart(c, cols, 4, c4); StorePart(c, cols, 5, c5); StorePart(c, cols, 6, c6); StorePart(c, cols, 7, c7);
    }

    /// <summary>Vector v (columns 16v..16v+15) of a row with <paramref name="cols"/> valid columns.</summary>
    private static Vector512<float> LoadPart(float* c, int cols, int v) =>
        cols >= 16 * (v + 1) ? Vector512.Load(c + 16 * v)
        : cols > 16 * v ? Avx512F.MaskLoad(c + 16 * v, FirstLanes(cols - 16 * v), Vector512<float>.Zero)
        : Vector512<float>.Zero;

    private static void StorePart(float* c, int cols, int v, Vector512<float> value)
    {
        if (cols >= 16 * (v + 1)) value.Store(c + 16 * v);
        else if (cols > 16 * v) Avx512F.MaskStore(c + 16 * v, FirstLanes(cols - 16 * v), value);
    }

    /// <summary>Lane mask with the first <paramref name="count"/> of 16 lanes set.</summary>
    public static Vector512<float> FirstLanes(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    /// <summary>AVX2+FMA tile, as four 4-row × 16-column quarters so each quarter's 8 ymm
    /// accumulators, 2 B vectors and the broadcast fit in the 16 ymm registers of AVX2.</summary>
    public static void Tile256(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC)
    {
        Quarter256(a, aRow, aStep, b, bStep, kc, c, ldc, loadC);
        Quarter256(a, aRow, aStep, b + 16, bStep, kc, c + 16, ldc, loadC);
        Quarter256(a + 4 * aRow, aRow, aStep, b, bStep, kc, c + 4 * ldc, ldc, loadC);
        Quarter256(a + 4 * aRow, aRow, aStep, b + 16, bStep, kc, c + 4 * ldc + 16, ldc, loadC);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Quarter256(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC)
    {
        float* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
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
            nint ap = p * aStep;
            var av = Vector256.Create(a0[ap]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00); c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a1[ap]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10); c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a2[ap]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20); c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a3[ap]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30); c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            b += bStep;
        }

        c00.Store(c); c01.Store(c + 8);
        c10.Store(c + ldc); c11.Store(c + ldc + 8);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8);
    }

    /// <summary>128-bit tile (ARM64 NEON, x64 SSE+FMA), as eight 4-row × 8-column pieces of 8
    /// accumulators each.</summary>
    public static void Tile128(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC)
    {
        for (int half = 0; half < 2; half++)
            for (int j = 0; j < Nr; j += 8)
                Piece128(a + 4 * half * aRow, aRow, aStep, b + j, bStep, kc, c + 4 * half * ldc + j, ldc, loadC);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Piece128(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC)
    {
        Vector128<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (loadC)
        {
            c00 = Vector128.Load(c); c01 = Vector128.Load(c + 4);
            c10 = Vector128.Load(c + ldc); c11 = Vector128.Load(c + ldc + 4);
            c20 = Vector128.Load(c + 2 * ldc); c21 = Vector128.Load(c + 2 * ldc + 4);
            c30 = Vector128.Load(c + 3 * ldc); c31 = Vector128.Load(c + 3 * ldc + 4);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector128<float>.Zero;
        }

        nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var av = Vector128.Create(a[0]);
            c00 = Vector128.FusedMultiplyAdd(av, b0, c00); c01 = Vector128.FusedMultiplyAdd(av, b1, c01);
            av = Vector128.Create(a[r1]);
            c10 = Vector128.FusedMultiplyAdd(av, b0, c10); c11 = Vector128.FusedMultiplyAdd(av, b1, c11);
            av = Vector128.Create(a[r2]);
            c20 = Vector128.FusedMultiplyAdd(av, b0, c20); c21 = Vector128.FusedMultiplyAdd(av, b1, c21);
            av = Vector128.Create(a[r3]);
            c30 = Vector128.FusedMultiplyAdd(av, b0, c30); c31 = Vector128.FusedMultiplyAdd(av, b1, c31);
            a += aStep;
            b += bStep;
        }

        c00.Store(c); c01.Store(c + 4);
        c10.Store(c + ldc); c11.Store(c + ldc + 4);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 4);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 4);
    }

    /// <summary>Portable tile: the same per-element sequence of fused multiply-adds, one element
    /// at a time. Used where neither AVX-512 nor AVX2+FMA is available, and by tests as the
    /// definition of the operation order.</summary>
    public static void TileScalar(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc,
        float* c, nint ldc, bool loadC)
    {
        for (int r = 0; r < Mr; r++)
            for (int j = 0; j < Nr; j++)
            {
                float acc = loadC ? c[r * ldc + j] : 0f;
                for (int p = 0; p < kc; p++)
                    acc = MathF.FusedMultiplyAdd(a[r * aRow + p * aStep], b[p * bStep + j], acc);
                c[r * ldc + j] = acc;
            }
    }
}
