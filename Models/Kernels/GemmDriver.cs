namespace GraphNav.Models.Kernels;

/// <summary>
/// The blocking and threading around the micro-kernels, for one product
/// C(i,j) (+)= Σ_p A(i,p)·B(p,j) whose operands are described by element strides:
/// A(i,p) = a[i·aRow + p·aStep], B(p,j) = b[p·bStep + j·bCol], C(i,j) = c[i·ldc + j].
/// Every layout of <see cref="Gemm"/> maps onto this by choosing the strides.
/// </summary>
internal unsafe struct GemmDriver : IChunkJob
{
    private const int Mr = GemmMicroKernels.Mr;
    private const int Nr = GemmMicroKernels.Nr;

    /// <summary>Reduction block: the Mr×Kc slice of A (8 KB) stays in L1 while it sweeps all B
    /// panels, and each Kc×Nr B panel slice (32 KB) streams from L2. Measured on the engine's
    /// shapes, 128 and 512 were no faster.</summary>
    private const int Kc = 256;

    /// <summary>Below this many multiply-adds (≈ 8 µs on one AVX-512 core here) splitting the
    /// work saves less than the few µs <see cref="WorkerPool"/> needs to hand out chunks.</summary>
    internal const long ParallelMinMacs = 1L << 20;

    /// <summary>Packed B floats (64 KB) from which packing is split over threads: copying them
    /// takes several µs, more than handing out the pieces.</summary>
    private const long ParallelPackMinFloats = 16 * 1024;

    /// <summary>Work pieces per thread of a parallel product.</summary>
    private const int ChunksPerThread = 4;

    /// <summary>With fewer rows than this, B panels that are already row-contiguous are read in
    /// place: each panel is used by so few row blocks that copying it would cost more than it
    /// saves.</summary>
    private const int PackBMinRows = 32;

    /// <summary>Row blocks with at most this many rows run the single-row kernel per row
    /// (AVX-512): it costs about rows/4 of an 8-row tile.</summary>
    private const int RowKernelMaxRows = 3;

    /// <summary>Fewest row blocks a chunk of a <see cref="WeightGradientChunk"/> split gets: each
    /// chunk packs its own copy of every B panel slice, so a chunk of few row blocks would spend a
    /// large share of its time copying (with 8, a copy of Kc×Nr floats serves 8 tiles of Kc·Mr·Nr
    /// multiply-adds; the two-thread split of a 128-row weight gradient is then 2 chunks, not 8).</summary>
    private const int MinRowBlocksPerPanelPack = 8;

    /// <summary>Fewest panels a chunk of a <see cref="WeightGradientChunk"/> split over panels gets:
    /// each chunk packs its own copy of every A block, Mr·Kc floats that serve one tile per panel of
    /// the chunk (with 2, a copied float serves 64 multiply-adds).</summary>
    private const int MinPanelsPerRowPack = 2;

    /// <summary>Fewest B panels (N / Nr) for which <see cref="WeightGradientChunk"/> is used.</summary>
    private const int MinWeightGradientPanels = 4;

    private float* _a, _b, _c, _packedB, _bias, _rowSums;
    private nint _aRow, _aStep, _bStep, _bCol, _ldc;
    private int _m, _n, _k;
    private bool _accumulate, _packAllB, _splitRows, _weightGradient;
    private int _chunks, _rowBlocks, _panels;
    private GemmIsa _isa;

    /// <summary>Runs the product. Preconditions (checked by <see cref="Gemm"/>): m, n, k ≥ 0 and
    /// every addressed element inside its buffer. A non-null <paramref name="rowSums"/> [m] (A stored
    /// transposed, aRow = 1: the TN layout) gets rowSums[i] += Σ_p A(i,p), summed in order p = 0…k−1
    /// by the chunk that owns i in the split — the bias gradient of a linear layer, inside the weight
    /// gradient's parallel region.</summary>
    public static void Run(float* a, nint aRow, nint aStep, float* b, nint bStep, nint bCol,
        float* c, nint ldc, int m, int n, int k, bool accumulate, int threads, GemmIsa isa, float* bias = null,
        float* rowSums = null)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            // The empty sum: C keeps its value or becomes zero (and the row sums keep theirs).
            if (!accumulate)
                for (int i = 0; i < m; i++) new Span<float>(c + i * ldc, n).Clear();
            if (bias != null)
                for (int i = 0; i < m; i++) Simd.AddInPlace(new Span<float>(c + i * ldc, n), new ReadOnlySpan<float>(bias, n));
            return;
        }

        var d = new GemmDriver
        {
            _a = a, _aRow = aRow, _aStep = aStep,
            _b = b, _bStep = bStep, _bCol = bCol,
            _c = c, _ldc = ldc,
            _m = m, _n = n, _k = k, _accumulate = accumulate, _isa = isa, _bias = bias, _rowSums = rowSums,
            _rowBlocks = (m + Mr - 1) / Mr, _panels = (n + Nr - 1) / Nr,
        };
        // A stored transposed and B row-contiguous (TN, the weight gradients: K = all rows of the
        // batch) with at least MinWeightGradientPanels panels: see WeightGradientChunk. It packs its
        // own operands, so nothing is shared. With fewer panels each packed A block serves too few
        // tiles (measured: 192×64×2048 ran ~15% slower that way, 64×256×2048 ~30% faster).
        d._weightGradient = aRow == 1 && bCol == 1 && (isa is GemmIsa.Avx512 or GemmIsa.Avx2) && d._panels >= MinWeightGradientPanels;
        d._packAllB = !d._weightGradient && (bCol != 1 || m >= PackBMinRows);
        long macs = (long)m * n * k;
        bool parallel = threads > 1 && macs >= ParallelMinMacs;
        if (!d._weightGradient) d.PackSharedB(parallel ? threads : 1);

        if (!parallel)
        {
            d._chunks = 1;
            d.RunChunk(0);
            return;
        }

        // Split over rows when there are enough row blocks to go round; otherwise (few rows,
        // e.g. generation) over column panels. Either way each C element is computed whole by
        // one thread with the same operation sequence, so the bits do not depend on threads.
        // A few chunks per thread let a thread that was descheduled (the cores are shared)
        // hand its remaining chunks to the others.
        int pieces;
        if (d._weightGradient)
        {
            // Each chunk copies every B panel slice it reads (used once per row block of the chunk)
            // and every A block (used once per panel of the chunk), so a chunk needs several of both.
            // Rows first; a weight gradient with too few row blocks to give every thread a piece
            // splits its panels instead (paper-A's 64 × 256 × 2048 ran as one chunk, on one thread).
            int rowPieces = d._rowBlocks / MinRowBlocksPerPanelPack, panelPieces = d._panels / MinPanelsPerRowPack;
            d._splitRows = rowPieces >= threads || rowPieces >= panelPieces;
            pieces = Math.Max(1, d._splitRows ? rowPieces : panelPieces);
        }
        else
        {
            d._splitRows = d._rowBlocks >= ChunksPerThread * threads || d._rowBlocks >= d._panels;
            pieces = d._splitRows ? d._rowBlocks : d._panels;
        }
        d._chunks = Math.Min(pieces, ChunksPerThread * threads);
        if (d._chunks == 1)
        {
            d.RunChunk(0);
            return;
        }
        RunParallel(d, threads);
    }

    private static void RunParallel(GemmDriver job, int threads) => WorkerPool.Run(job._chunks, threads, ref job);

    /// <inheritdoc />
    readonly void IChunkJob.Run(int chunk) => RunChunk(chunk);

    /// <summary>Packs, once per call, the B panels the workers share: all of them, or only a
    /// partial last panel that cannot be read in place. A large packing (the weight-gradient
    /// products copy a whole [B·T, C] activation) is itself split over the threads: done on the
    /// calling thread alone it was a serial part of every parallel product.</summary>
    private void PackSharedB(int threads)
    {
        if (_packAllB)
        {
            _packedB = GemmScratch.Current.PackedB((long)_panels * _k * Nr);
            long floats = (long)_panels * _k * Nr;
            if (threads > 1 && floats >= ParallelPackMinFloats)
            {
                var job = new GemmPackJob(_packedB, _b, _bStep, _bCol, _n, _k, _panels, ChunksPerThread * threads);
                WorkerPool.Run(job.Chunks, threads, ref job);
            }
            else
            {
                for (int q = 0; q < _panels; q++)
                    GemmPacking.PackB(_packedB + (long)q * _k * Nr, _b, _bStep, _bCol, q * Nr,
                        Math.Min(Nr, _n - q * Nr), _k);
            }
        }
        else if (_n % Nr != 0)
        {
            _packedB = GemmScratch.Current.PackedB((long)_k * Nr);
            int q = _panels - 1;
            GemmPacking.PackB(_packedB, _b, _bStep, _bCol, q * Nr, _n - q * Nr, _k);
        }
    }

    /// <summary>Chunk t of the split: all K blocks of its rows × panels.</summary>
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
        if (_weightGradient)
        {
            WeightGradientChunk(rb0, rb1, q0, q1, scratch);
            if (_bias != null) AddBias(rb0, rb1, q0, q1);
            if (_rowSums != null) AddRowSums(t);
            return;
        }
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
                if (rows <= RowKernelMaxRows && _isa == GemmIsa.Avx512)
                {
                    for (int r = 0; r < rows; r++)
                        RowBySingleRowKernel(i + r, p0, kc, q0, q1, loadC);
                }
                else
                {
                    RowBlock(i, rows, p0, kc, q0, q1, loadC, packedA, tile);
                }
            }
        }
        if (_bias != null) AddBias(rb0, rb1, q0, q1);
        if (_rowSums != null) AddRowSums(t);
    }

    /// <summary>
    /// Row blocks [rb0, rb1) × panels [q0, q1) of a product whose A is stored transposed (TN: at each
    /// reduction step the Mr values of a row block are contiguous, but consecutive steps are a whole
    /// row of A apart) and whose K is long — a weight gradient, K = all rows of the batch. Per K block,
    /// the chunk's A blocks are copied once into Mr-interleaved blocks (in place, the strided A slice of
    /// a row block maps to a handful of L1 sets and is evicted before the next panel reads it again),
    /// then each B panel's Kc×Nr slice is copied into a contiguous buffer that stays in L1 while every
    /// row block of the chunk runs over it. No shared packing of B (a copy of the whole [K, N]
    /// activation, and a parallel region of its own) is needed. Each C element still gets its terms
    /// in order p = 0…K−1, K block after K block, so the bits are those of any other split.
    /// </summary>
    private readonly void WeightGradientChunk(int rb0, int rb1, int q0, int q1, GemmScratch scratch)
    {
        int kcMax = Math.Min(Kc, _k);
        float* packedA = scratch.PackedA((long)(rb1 - rb0) * Mr * kcMax);
        float* panel = scratch.PanelB((long)kcMax * Nr);
        float* tile = scratch.Tile();
        for (int p0 = 0; p0 < _k; p0 += Kc)
        {
            int kc = Math.Min(Kc, _k - p0);
            bool loadC = _accumulate || p0 > 0;
            for (int rb = rb0; rb < rb1; rb++)
                GemmPacking.PackA(packedA + (long)(rb - rb0) * Mr * kc, _a, _aRow, _aStep, rb * Mr, Math.Min(Mr, _m - rb * Mr), p0, kc);
            for (int q = q0; q < q1; q++)
            {
                int j = q * Nr;
                int cols = Math.Min(Nr, _n - j);
                GemmPacking.PackB(panel, _b + p0 * _bStep, _bStep, _bCol, j, cols, kc);
                for (int rb = rb0; rb < rb1; rb++)
                {
                    float* ap = packedA + (long)(rb - rb0) * Mr * kc;
                    float* cp = _c + rb * Mr * _ldc + j;
                    int rows = Math.Min(Mr, _m - rb * Mr);
                    if (rows == Mr && cols == Nr) Tile(ap, 1, Mr, panel, Nr, kc, cp, _ldc, loadC);
                    else EdgeTile(ap, 1, Mr, panel, Nr, kc, cp, rows, cols, loadC, tile);
                }
            }
        }
    }

    /// <summary>Chunk t's share of the row sums: rows [m·t/chunks, m·(t+1)/chunks), whichever way the
    /// product itself was split. Each sum runs over p in order with one addition per step (vector lanes
    /// and the scalar tail do the same addition), so its bits do not depend on the split.</summary>
    private readonly void AddRowSums(int t)
    {
        int i0 = (int)((long)_m * t / _chunks), i1 = (int)((long)_m * (t + 1) / _chunks);
        if (i0 == i1) return;
        var sums = new Span<float>(_rowSums + i0, i1 - i0);
        for (int p = 0; p < _k; p++)
            Simd.AddInPlace(sums, new ReadOnlySpan<float>(_a + p * _aStep + i0, i1 - i0));
    }

    /// <summary>Adds the bias to the finished elements of row blocks [rb0, rb1) × panels [q0, q1):
    /// one addition per element after its whole reduction, as a separate bias pass would.</summary>
    private readonly void AddBias(int rb0, int rb1, int q0, int q1)
    {
        int j0 = q0 * Nr, j1 = Math.Min(q1 * Nr, _n);
        var bias = new ReadOnlySpan<float>(_bias + j0, j1 - j0);
        for (int i = rb0 * Mr, end = Math.Min(rb1 * Mr, _m); i < end; i++)
            Simd.AddInPlace(new Span<float>(_c + i * _ldc + j0, j1 - j0), bias);
    }

    /// <summary>Rows i..i+rows-1 of C over panels [q0, q1) for reduction steps p0..p0+kc-1.</summary>
    private readonly void RowBlock(int i, int rows, int p0, int kc, int q0, int q1, bool loadC,
        float* packedA, float* tile)
    {
        float* ap;
        nint aRow, aStep;
        if (rows == Mr)
        {
            // Full row blocks are read in place: the kernel broadcasts one A value per row and
            // step, from Mr row streams (NT, NN) or from one strided stream (TN).
            ap = _a + i * _aRow + p0 * _aStep;
            aRow = _aRow;
            aStep = _aStep;
        }
        else
        {
            // The last, partial row block is copied with zero rows so the same kernel runs.
            GemmPacking.PackA(packedA, _a, _aRow, _aStep, i, rows, p0, kc);
            ap = packedA;
            aRow = 1;
            aStep = Mr;
        }

        for (int q = q0; q < q1; q++)
        {
            int j = q * Nr;
            int cols = Math.Min(Nr, _n - j);
            float* bp = Panel(q, p0, out nint bStep);
            float* cp = _c + i * _ldc + j;
            if (rows == Mr && cols == Nr) Tile(ap, aRow, aStep, bp, bStep, kc, cp, _ldc, loadC);
            else EdgeTile(ap, aRow, aStep, bp, bStep, kc, cp, rows, cols, loadC, tile);
        }
    }

    /// <summary>A partial tile (rows × cols of Mr × Nr): with AVX-512, masked 16-column strips that
    /// write only the valid part of C; otherwise the full kernel on a private copy
    /// (<paramref name="tile"/>, Mr × Nr), of which the valid part is kept. The A block and B panel
    /// behind the partial tile must be readable for the full Mr rows and Nr columns (packed, zero-padded).</summary>
    private readonly void EdgeTile(float* ap, nint aRow, nint aStep, float* bp, nint bStep, int kc, float* cp,
        int rows, int cols, bool loadC, float* tile)
    {
        if (_isa == GemmIsa.Avx512)
        {
            GemmMicroKernels.Strip512(ap, aRow, aStep, bp, bStep, kc, cp, _ldc, loadC, rows,
                GemmMicroKernels.FirstLanes(Math.Min(cols, 16)));
            if (cols > 16)
                GemmMicroKernels.Strip512(ap, aRow, aStep, bp + 16, bStep, kc, cp + 16, _ldc, loadC, rows,
                    GemmMicroKernels.FirstLanes(cols - 16));
            return;
        }
        if (loadC)
            for (int r = 0; r < rows; r++)
                new ReadOnlySpan<float>(cp + r * _ldc, cols).CopyTo(new Span<float>(tile + r * Nr, cols));
        Tile(ap, aRow, aStep, bp, bStep, kc, tile, Nr, loadC);
        for (int r = 0; r < rows; r++)
            new ReadOnlySpan<float>(tile + r * Nr, cols).CopyTo(new Span<float>(cp + r * _ldc, cols));
    }

    /// <summary>Row i of C over panels [q0, q1) with <see cref="GemmMicroKernels.Row512"/>, four
    /// panels at a time; a partial last panel read from the packed tail buffer goes alone.</summary>
    private readonly void RowBySingleRowKernel(int i, int p0, int kc, int q0, int q1, bool loadC)
    {
        float* a = _a + i * _aRow + p0 * _aStep;
        float* c = _c + i * _ldc;
        int qEnd = !_packAllB && _n % Nr != 0 ? Math.Min(q1, _panels - 1) : q1;
        nint panelStride = _packAllB ? (nint)_k * Nr : Nr;
        for (int q = q0; q < qEnd; q += 4)
        {
            int panels = Math.Min(4, qEnd - q);
            int cols = Math.Min(panels * Nr, _n - q * Nr);
            float* bp = Panel(q, p0, out nint bStep);
            GemmMicroKernels.Row512(a, _aStep, bp, bStep, panelStride, panels, kc, c + q * Nr, loadC, cols);
        }

        if (qEnd < q1)
        {
            float* bp = Panel(qEnd, p0, out nint bStep);
            GemmMicroKernels.Row512(a, _aStep, bp, bStep, 0, 1, kc, c + qEnd * Nr, loadC, _n - qEnd * Nr);
        }
    }

    /// <summary>Where panel q's B values for reduction steps from p0 on are, and their step.</summary>
    private readonly float* Panel(int q, int p0, out nint step)
    {
        step = Nr;
        if (_packAllB) return _packedB + (long)q * _k * Nr + (long)p0 * Nr;
        if (q * Nr + Nr > _n) return _packedB + (long)p0 * Nr; // the packed partial last panel
        step = _bStep;
        return _b + p0 * _bStep + q * Nr;
    }

    /// <summary>One full Mr×Nr tile with the chosen kernel family.</summary>
    private readonly void Tile(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc, float* c, nint ldc, bool loadC)
    {
        switch (_isa)
        {
            case GemmIsa.Avx512: GemmMicroKernels.Tile512(a, aRow, aStep, b, bStep, kc, c, ldc, loadC); break;
            case GemmIsa.Avx2: GemmMicroKernels.Tile256(a, aRow, aStep, b, bStep, kc, c, ldc, loadC); break;
            case GemmIsa.Vector128: GemmMicroKernels.Tile128(a, aRow, aStep, b, bStep, kc, c, ldc, loadC); break;
            default: GemmMicroKernels.TileScalar(a, aRow, aStep, b, bStep, kc, c, ldc, loadC); break;
        }
    }
}
