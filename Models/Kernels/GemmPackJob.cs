namespace GraphNav.Models.Kernels;

/// <summary>
/// Packing of all B panels of one product split into pieces for <see cref="WorkerPool"/>: piece c
/// packs reduction steps [k·s/splits, k·(s+1)/splits) (rounded to 16) of panel q (c = q·splits + s), so even a
/// product with two panels keeps every thread busy. Pieces write disjoint parts of the packed
/// buffer with plain copies: the packed bits do not depend on the split.
/// </summary>
internal readonly unsafe struct GemmPackJob : IChunkJob
{
    private const int Nr = GemmMicroKernels.Nr;
    private readonly float* _packed, _b;
    private readonly nint _bStep, _bCol;
    private readonly int _n, _k, _splits;

    /// <summary>A job packing the <paramref name="panels"/> panels of B(p, j) = b[p·bStep + j·bCol]
    /// (p &lt; k, j &lt; n) into <paramref name="packed"/>, in about <paramref name="pieces"/> pieces.</summary>
    public GemmPackJob(float* packed, float* b, nint bStep, nint bCol, int n, int k, int panels, int pieces)
    {
        _packed = packed;
        _b = b;
        _bStep = bStep;
        _bCol = bCol;
        _n = n;
        _k = k;
        _splits = Math.Clamp((pieces + panels - 1) / panels, 1, (k + Align - 1) / Align);
        Chunks = panels * _splits;
    }

    /// <summary>Piece boundaries are multiples of 16 steps, so the NT packing keeps its whole 16×16
    /// register transposes.</summary>
    private const int Align = 16;

    /// <summary>Number of pieces.</summary>
    public int Chunks { get; }

    /// <inheritdoc />
    public void Run(int chunk)
    {
        int q = chunk / _splits, s = chunk % _splits;
        int p0 = Boundary(s), p1 = Boundary(s + 1);
        GemmPacking.PackB(_packed + (long)q * _k * Nr + (long)p0 * Nr, _b + p0 * _bStep, _bStep, _bCol, q * Nr,
            Math.Min(Nr, _n - q * Nr), p1 - p0);
    }

    /// <summary>Start of split s: k·s/splits rounded down to a multiple of <see cref="Align"/>; k for s = splits.</summary>
    private int Boundary(int s) => s == _splits ? _k : (int)((long)_k * s / _splits) / Align * Align;
}
