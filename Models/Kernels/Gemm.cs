namespace GraphNav.Models.Kernels;

/// <summary>
/// Single-precision matrix products on row-major matrices, the three layouts a linear layer's
/// forward and backward need. Every product may overwrite C or accumulate into it.
/// <para>
/// Matrices are row-major. The short overloads take contiguous matrices (leading dimension =
/// column count); the strided overloads take an explicit leading dimension (elements between
/// the starts of consecutive stored rows, ≥ the stored column count) for each matrix, so that
/// views such as one head's q inside a [B,T,3C] buffer (ld = 3C) need no copy. Spans start at
/// element (0,0) of their matrix. C must not overlap A or B.
/// </para>
/// <para>
/// Determinism: each C element is computed as <c>acc = (accumulate ? C : 0)</c> followed by
/// one fused multiply-add per reduction index in increasing order, whatever the thread count,
/// the shape of the rest of the product or the SIMD width. Results are therefore bit-identical
/// for every <c>threads</c> value and for a row computed alone or inside a batch.
/// </para>
/// <para>
/// Speed: 8×32 register tiles of fused multiply-adds (AVX-512, else AVX2+FMA, else 128-bit
/// NEON/SSE+FMA, else scalar) over B packed into 32-column panels (transposed for NT with
/// 16×16 register transposes with AVX-512, 8×8 with AVX2) and A read in place; masked strips for edge tiles and a
/// single-row kernel for products of one to three rows (generation). About 200–245 GFLOP/s on
/// one Zen 5 core for the engine's training shapes (see Benchmarks/GemmBenchmarks.cs).
/// <c>threads</c> &gt; 1 splits rows (or, for few rows, column panels) over the engine's
/// <see cref="WorkerPool"/> when the product has at least 1M multiply-adds, below which handing out
/// the work costs more than it saves. Packing buffers are per thread and reused: steady-state calls
/// do not allocate, single- or multi-threaded.
/// </para>
/// </summary>
public static unsafe class Gemm
{
    /// <summary>C[M,N] (+)= A[M,K] · B[N,K]ᵀ  (linear forward: out = inp · Wᵀ; W is [OC, C]).</summary>
    /// <param name="c">Output, M×N contiguous.</param>
    /// <param name="a">Left operand, M×K contiguous.</param>
    /// <param name="b">Right operand stored transposed, N×K contiguous.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Length of the reduction.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="threads">Upper bound on the threads used (≥ 1).</param>
    public static void MatMulNT(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        int m, int n, int k, bool accumulate, int threads = 1) =>
        MatMulNT(c, n, a, k, b, k, m, n, k, accumulate, threads);

    /// <summary>C[M,N] (+)= A[M,K] · B[K,N]  (linear backward to the input: dinp = dout · W).</summary>
    /// <param name="c">Output, M×N contiguous.</param>
    /// <param name="a">Left operand, M×K contiguous.</param>
    /// <param name="b">Right operand, K×N contiguous.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Length of the reduction.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="threads">Upper bound on the threads used (≥ 1).</param>
    public static void MatMulNN(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        int m, int n, int k, bool accumulate, int threads = 1) =>
        MatMulNN(c, n, a, k, b, n, m, n, k, accumulate, threads);

    /// <summary>C[M,N] (+)= A[K,M]ᵀ · B[K,N]  (linear backward to the weight: dW = doutᵀ · inp).</summary>
    /// <param name="c">Output, M×N contiguous.</param>
    /// <param name="a">Left operand stored transposed, K×M contiguous.</param>
    /// <param name="b">Right operand, K×N contiguous.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Length of the reduction.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="threads">Upper bound on the threads used (≥ 1).</param>
    public static void MatMulTN(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        int m, int n, int k, bool accumulate, int threads = 1) =>
        MatMulTN(c, n, a, m, b, n, m, n, k, accumulate, threads);

    /// <summary>Strided C[M,N] (+)= A[M,K] · B[N,K]ᵀ: element (i,j) of C is c[i·ldc + j],
    /// A(i,p) = a[i·lda + p], stored B(j,p) = b[j·ldb + p]. Requires ldc ≥ N, lda ≥ K, ldb ≥ K.
    /// Attention scores per head: preatt[T,T] = q[T,hs] · k[T,hs]ᵀ with lda = ldb = 3C.</summary>
    public static void MatMulNT(Span<float> c, int ldc, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, int m, int n, int k, bool accumulate, int threads = 1) =>
        MatMul(GemmLayout.NT, c, ldc, a, lda, b, ldb, m, n, k, accumulate, threads, GemmIsaDetection.Best);

    /// <summary>Strided C[M,N] (+)= A[M,K] · B[K,N]: C(i,j) = c[i·ldc + j], A(i,p) = a[i·lda + p],
    /// B(p,j) = b[p·ldb + j]. Requires ldc ≥ N, lda ≥ K, ldb ≥ N.
    /// Attention output per head: out[T,hs] = att[T,T] · v[T,hs] with ldb = 3C, ldc = C.</summary>
    public static void MatMulNN(Span<float> c, int ldc, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, int m, int n, int k, bool accumulate, int threads = 1) =>
        MatMul(GemmLayout.NN, c, ldc, a, lda, b, ldb, m, n, k, accumulate, threads, GemmIsaDetection.Best);

    /// <summary>Strided C[M,N] (+)= A[K,M]ᵀ · B[K,N]: C(i,j) = c[i·ldc + j], stored A(p,i) =
    /// a[p·lda + i], B(p,j) = b[p·ldb + j]. Requires ldc ≥ N, lda ≥ M, ldb ≥ N.
    /// Attention backward per head: dv[T,hs] = att[T,T]ᵀ · dout[T,hs].</summary>
    public static void MatMulTN(Span<float> c, int ldc, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, int m, int n, int k, bool accumulate, int threads = 1) =>
        MatMul(GemmLayout.TN, c, ldc, a, lda, b, ldb, m, n, k, accumulate, threads, GemmIsaDetection.Best);

    /// <summary>
    /// C[M,N] = A[M,K] · B[N,K]ᵀ + bias[N] per row (linear forward with its bias). Each element is the
    /// product's chain, then one addition of its bias — the bits of <see cref="MatMulNT(Span{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, int, bool, int)"/>
    /// followed by a separate bias pass — but the bias is added by whichever thread finished the
    /// element, while it is still in cache, instead of in a second parallel region.
    /// </summary>
    internal static void MatMulNTBias(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias,
        int m, int n, int k, int threads)
    {
        if (bias.Length < n)
            throw new ArgumentException($"Gemm.MatMulNTBias: bias has {bias.Length} elements, the product has {n} columns.", nameof(bias));
        MatMul(GemmLayout.NT, c, n, a, k, b, k, m, n, k, accumulate: false, threads, GemmIsaDetection.Best, bias);
    }

    /// <summary>
    /// C[M,N] += A[K,M]ᵀ · B[K,N] and rowSums[M] += Σ_p A[p, ·] (a linear layer's weight gradient
    /// dW += doutᵀ·inp with its bias gradient db += Σₙ dout). Each sum adds the K rows of A in order,
    /// the bits of a separate pass over A, but it is done by the thread that owns those output rows,
    /// inside the product's parallel region instead of a region of its own.
    /// </summary>
    internal static void MatMulTNRowSums(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> rowSums,
        int m, int n, int k, int threads)
    {
        if (rowSums.Length < m)
            throw new ArgumentException($"Gemm.MatMulTNRowSums: rowSums has {rowSums.Length} elements, the product has {m} rows.", nameof(rowSums));
        MatMul(GemmLayout.TN, c, n, a, m, b, n, m, n, k, accumulate: true, threads, GemmIsaDetection.Best, rowSums: rowSums[..m]);
    }

    /// <summary>Every public overload lands here; tests call it directly to pin the kernel family.
    /// A non-empty <paramref name="bias"/> [N] is added to every row of the finished product; a
    /// non-empty <paramref name="rowSums"/> [M] (TN only) gets the sums of A's columns over K.</summary>
    internal static void MatMul(GemmLayout layout, Span<float> c, int ldc, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, int m, int n, int k, bool accumulate, int threads, GemmIsa isa,
        ReadOnlySpan<float> bias = default, Span<float> rowSums = default)
    {
        string op = layout switch { GemmLayout.NT => "Gemm.MatMulNT", GemmLayout.NN => "Gemm.MatMulNN", _ => "Gemm.MatMulTN" };
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m),
                $"{op}: dimensions must be non-negative, got m={m}, n={n}, k={k}.");
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"{op}: threads must be at least 1.");

        // Stored shapes: A is M×K (or K×M for TN), B is N×K (NT) or K×N.
        (int aRows, int aCols) = layout == GemmLayout.TN ? (k, m) : (m, k);
        (int bRows, int bCols) = layout == GemmLayout.NT ? (n, k) : (k, n);
        int cNeed = Needed(op, "c", c.Length, m, n, ldc, nameof(ldc));
        int aNeed = Needed(op, "a", a.Length, aRows, aCols, lda, nameof(lda));
        int bNeed = Needed(op, "b", b.Length, bRows, bCols, ldb, nameof(ldb));
        if (m == 0 || n == 0) return;

        using var profile = KernelProfiler.Measure(layout switch
        {
            GemmLayout.NT => KernelKind.GemmNT, GemmLayout.NN => KernelKind.GemmNN, _ => KernelKind.GemmTN,
        });
        c = c[..cNeed];
        if (c.Overlaps(a[..aNeed]) || c.Overlaps(b[..bNeed]))
            throw new ArgumentException($"{op}: the output c must not overlap the inputs a or b.", nameof(c));
        if (!rowSums.IsEmpty && (layout != GemmLayout.TN || rowSums.Length != m || rowSums.Overlaps(c) || rowSums.Overlaps(a[..aNeed])))
            throw new ArgumentException($"{op}: row sums need the TN layout, {m} elements and no overlap with c or a.", nameof(rowSums));

        nint aRow = layout == GemmLayout.TN ? 1 : lda, aStep = layout == GemmLayout.TN ? lda : 1;
        nint bStep = layout == GemmLayout.NT ? 1 : ldb, bCol = layout == GemmLayout.NT ? ldb : 1;
        fixed (float* cp = c)
        fixed (float* ap = a)
        fixed (float* bp = b)
        fixed (float* biasp = bias)
        fixed (float* sums = rowSums)
        {
            GemmDriver.Run(ap, aRow, aStep, bp, bStep, bCol, cp, ldc, m, n, k, accumulate, threads, isa, biasp, sums);
        }
    }

    /// <summary>Checks ld ≥ cols and that the span holds a rows×cols matrix with that leading
    /// dimension; returns the number of elements the matrix spans.</summary>
    private static int Needed(string op, string name, int length, int rows, int cols, int ld, string ldName)
    {
        if (ld < cols)
            throw new ArgumentOutOfRangeException(ldName, ld,
                $"{op}: leading dimension {ldName}={ld} is smaller than the {cols} columns of {name}.");
        long need = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < need)
            throw new ArgumentException(
                $"{op}: {name} has {length} elements but a {rows}x{cols} matrix with leading dimension {ld} needs {need}.",
                name);
        return (int)need;
    }
}

/// <summary>Which operands of a product are stored transposed.</summary>
internal enum GemmLayout
{
    /// <summary>C = A · Bᵀ, B stored N×K.</summary>
    NT,

    /// <summary>C = A · B.</summary>
    NN,

    /// <summary>C = Aᵀ · B, A stored K×M.</summary>
    TN,
}
