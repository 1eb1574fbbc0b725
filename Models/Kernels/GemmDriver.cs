using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GraphNav.Models.Kernels;

/// <summary>Which micro-kernel family runs the tiles.</summary>
internal enum GemmIsa
{
    /// <summary>Scalar fused multiply-adds (any CPU).</summary>
    Scalar,

    /// <summary>256-bit vectors with FMA3 (x64 AVX2 machines).</summary>
    Avx2,

    /// <summary>512-bit vectors (AVX-512F).</summary>
    Avx512,
}

/// <summary>
/// The blocking and threading around the micro-kernels, for one product
/// C(i,j) (+)= Σ_p A(i,p)·B(p,j) whose operands are described by element strides:
/// A(i,p) = a[i·aRow + p·aStep], B(p,j) = b[p·bStep + j·bCol], C(i,j) = c[i·ldc + j].
/// Every layout of <see cref="Gemm"/> maps onto this by choosing the strides.
/// </summary>
internal unsafe struct GemmDriver
{
    private const int Mr = GemmMicroKernels.Mr;
    private const int Nr = GemmMicroKernels.Nr;

    /// <summary>Reduction block: an Mr×Kc A block (8 KB) stays in L1 while it sweeps all B
    /// panels, and a Kc×Nr B panel slice (32 KB) streams from L2.</summary>
    private const int Kc = 256;

    /// <summary>Below this many multiply-adds (≈ 20–40 µs on one core) a Parallel.For
    /// (≈ 12 µs to start here) does not pay.</summary>
    private const long ParallelMinMacs = 1L << 21;

    /// <summary>With fewer rows than this, B panels that are already row-contiguous are read in
    /// place: each panel is used by so few row blocks that copying it would cost more than it
    /// saves.</summary>
    private const int PackBMinRows = 32;

    /// <summary>The fastest kernel family this CPU runs.</summary>
    public static readonly GemmIsa BestIsa =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmIsa.Avx512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmIsa.Avx2
        : GemmIsa.Scalar;

    private float* _a, _b, _c, _packedB;
    private nint _aRow, _aStep, _bStep, _bCol, _ldc;
    private int _m, _n, _k;
    private bool _accumulate, _packAllB, _splitRows;
    private int _chunks, _rowBlocks, _panels;
    private GemmIsa _isa;

    /// <summary>Runs the product. Preconditions (checked by <see cref="Gemm"/>): m, n, k ≥ 0 and
    /// every addressed element inside its buffer.</summary>
    public static void Run(float* a, nint aRow, nint aStep, float* b, nint bStep, nint bCol,
        float* c, nint ldc, int m, int n, int k, bool accumulate, int threads, GemmIsa isa)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            // The empty sum: C keeps its value or becomes zero.
            if (!accumulate)
                for (int i = 0; i < m; i++) new Span<float>(c + i * ldc, n).Clear();
            return;
        }

        var d = new GemmDriver
        {
            _a = a, _aRow = aRow, _aStep = aStep,
            _b = b, _bStep = bStep, _bCol = bCol,
            _c = c, _ldc = ldc,
            _m = m, _n = n, _k = k, _accumulate = accumulate, _isa = isa,
            _rowBlocks = (m + Mr - 1) / Mr, _panels = (n + Nr - 1) / Nr,
        };
        d._packAllB = bCol != 1 || m >= PackBMinRows;
        d.PackSharedB();

        long macs = (long)m * n * k;
        int units = Math.Max(d._rowBlocks, d._panels);
        d._chunks = threads <= 1 || macs < ParallelMinMacs ? 1 : Math.Min(threads, units);
        // Split over rows when there are enough row blocks to go round; otherwise (few rows,
        // e.g. generation) over column panels. Either way each C element is computed whole by
        // one thread with the same operation sequence, so the bits do not depend on threads.
        d._splitRows = d._rowBlocks >= 2 * d._chunks || d._rowBlocks >= d._panels;

        if (d._chunks == 1)
        {
            d.RunChunk(0);
        }
        else
        {
            var job = d;
            Parallel.For(0, job._chunks, t => job.RunChunk(t));
        }
    }

    /// <summary>Packs, once per call on the calling thread, the B panels the workers share:
    /// all of them, or only a partial last panel that cannot be read in place.</summary>
    private void PackSharedB()
    {
        if (_packAllB)
        {
            _packedB = GemmScratch.Current.PackedB((long)_panels * _k * Nr);
            for (int q = 0; q < _panels; q++)
                GemmPacking.PackB(_packedB + (long)q * _k * Nr, _b, _bStep, _bCol, q * Nr,
                    Math.Min(Nr, _n - q * Nr), _k);
        }
        else if (_n % Nr != 0)
        {
            _packedB = GemmScratch.Current.PackedB((long)_k * Nr);
            int q = _panels - 1;
            GemmPacking.PackB(_packedB, _b, _bStep, _bCol, q * Nr, _n - q * Nr, _k);
        }
    }

    private readonly void RunChunk(int t)
    {
        int rb0 = 0, rb1 = _rowBlocks, q0 = 0, q1 = _panels;
        if (_splitRows)
        {
            rb0 = (int)((long)_rowBlocks * t / _chunks);
            rb1 = (int)((long)_rowBlocks * (t + 1) / _chunks);
        }
        else
        {
            q0 = (int)((long)_panels * t / _chunks);
            q1 = (int)((long)_panels * (t + 1) / _chunks);
        }

        var scratch = GemmScratch.Current;
        float* packedA = scratch.PackedA((long)Mr * Math.Min(Kc, _k));
        float* tile = scratch.Tile();

        for (int p0 = 0; p0 < _k; p0 += Kc)
        {
            int kc = Math.Min(Kc, _k - p0);
            // A later K block continues from what the previous block stored in C.
            bool loadC = _accumulate || p0 > 0;
            for (int rb = rb0; rb < rb1; rb++)
            {
                int i = rb * Mr;
                int rows = Math.Min(Mr, _m - i);
                float* ap;
                nint aStep;
                if (_aRow == 1 && rows == Mr)
                {
                    // Aᵀ stored row-major (TN): the Mr values of a step are already adjacent.
                    ap = _a + i + p0 * _aStep;
                    aStep = _aStep;
                }
                else
                {
                    GemmPacking.PackA(packedA, _a, _aRow, _aStep, i, rows, p0, kc);
                    ap = packedA;
                    aStep = Mr;
                }

                for (int q = q0; q < q1; q++)
                {
                    int j = q * Nr;
                    int cols = Math.Min(Nr, _n - j);
                    float* bp;
                    nint bStep;
                    if (_packAllB)
                    {
                        bp = _packedB + (long)q * _k * Nr + (long)p0 * Nr;
                        bStep = Nr;
                    }
                    else if (cols < Nr)
                    {
                        bp = _packedB + (long)p0 * Nr;
                        bStep = Nr;
                    }
                    else
                    {
                        bp = _b + p0 * _bStep + j;
                        bStep = _bStep;
                    }

                    float* cp = _c + i * _ldc + j;
                    if (rows == Mr && cols == Nr)
                    {
                        Tile(ap, aStep, bp, bStep, kc, cp, _ldc, loadC);
                    }
                    else
                    {
                        // Edge tile: run the full kernel on a private copy, keep the valid part.
                        if (loadC)
                            for (int r = 0; r < rows; r++)
                                new ReadOnlySpan<float>(cp + r * _ldc, cols).CopyTo(new Span<float>(tile + r * Nr, cols));
                        Tile(ap, aStep, bp, bStep, kc, tile, Nr, loadC);
                        for (int r = 0; r < rows; r++)
                            new ReadOnlySpan<float>(tile + r * Nr, cols).CopyTo(new Span<float>(cp + r * _ldc, cols));
                    }
                }
            }
        }
    }

    private readonly void Tile(float* a, nint aStep, float* b, nint bStep, int kc, float* c, nint ldc, bool loadC)
    {
        switch (_isa)
        {
            case GemmIsa.Avx512: GemmMicroKernels.Tile512(a, aStep, b, bStep, kc, c, ldc, loadC); break;
            case GemmIsa.Avx2: GemmMicroKernels.Tile256(a, aStep, b, bStep, kc, c, ldc, loadC); break;
            default: GemmMicroKernels.TileScalar(a, aStep, b, bStep, kc, c, ldc, loadC); break;
        }
    }
}
