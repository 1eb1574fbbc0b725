namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>
    /// Softmax cross-entropy per position; targets of −1 are ignored. Returns the mean loss over
    /// non-ignored positions (0 when every target is ignored), summed in row order in double.
    /// losses [N] (0 where ignored); probs [N,V] (softmax, cached for backward); logits [N,V];
    /// targets [N] in {−1} ∪ [0,V). Rows may be split over threads without changing the bits.
    /// </summary>
    public static unsafe float CrossEntropyForward(Span<float> losses, Span<float> probs,
        ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int N, int V, int threads = 1)
    {
        using var profile = KernelProfiler.Measure(KernelKind.CrossEntropyForward);
        fixed (float* pl = losses, pp = probs, pz = logits)
        fixed (int* py = targets)
            RowParallel.For(N, threads, 8 * V, new SoftmaxPointers(pl, pp, pz, py, V),
                static (in SoftmaxPointers p, int start, int end) => CrossEntropyRows(p, start, end));
        double total = 0;
        int count = 0;
        for (int n = 0; n < N; n++)
        {
            if (targets[n] < 0) continue;
            total += losses[n];
            count++;
        }
        return count == 0 ? 0f : (float)(total / count);
    }

    private static unsafe void CrossEntropyRows(in SoftmaxPointers p, int start, int end)
    {
        int V = p.V;
        for (int n = start; n < end; n++)
        {
            var z = new ReadOnlySpan<float>(p.Logits + (long)n * V, V);
            var prob = new Span<float>(p.Probs + (long)n * V, V);
            float max = Simd.Max(z);
            float sum = Simd.ExpShifted(prob, z, max);
            Simd.Scale(prob, prob, 1f / sum);
            int y = p.Targets[n];
            // log-sum-exp form: exact even when prob[y] underflows to zero.
            p.Losses[n] = y < 0 ? 0f : MathF.Log(sum) + max - z[y];
        }
    }

    /// <summary>Forward was loss = mean over valid n of −log p[n, yₙ], so
    /// dlogits[n] += (p[n] − onehot(yₙ)) / count for valid rows. dlogits, probs [N,V]; targets [N].
    /// <paramref name="write"/> = Overwrite: valid rows get the fused multiply-adds onto +0, ignored
    /// rows zeros — the bits of accumulating into a zeroed buffer.</summary>
    public static unsafe void CrossEntropyBackward(Span<float> dlogits, ReadOnlySpan<float> probs,
        ReadOnlySpan<int> targets, int N, int V, int threads = 1, GradientWrite write = GradientWrite.Accumulate)
    {
        using var profile = KernelProfiler.Measure(KernelKind.CrossEntropyBackward);
        int count = 0;
        for (int n = 0; n < N; n++)
            if (targets[n] >= 0) count++;
        bool overwrite = write == GradientWrite.Overwrite;
        if (count == 0)
        {
            if (overwrite) dlogits[..(N * V)].Clear();
            return;
        }
        fixed (float* pd = dlogits, pp = probs)
        fixed (int* py = targets)
            RowParallel.For(N, threads, 2 * V, new SoftmaxPointers(pd, pp, null, py, V, 1f / count, overwrite),
                static (in SoftmaxPointers p, int start, int end) =>
                {
                    int V = p.V;
                    for (int n = start; n < end; n++)
                    {
                        int y = p.Targets[n];
                        var d = new Span<float>(p.Losses + (long)n * V, V); // dlogits row
                        if (y < 0)
                        {
                            if (p.Overwrite) d.Clear();
                            continue;
                        }
                        var prob = new ReadOnlySpan<float>(p.Probs + (long)n * V, V);
                        if (p.Overwrite) Simd.AxpyOntoZero(d, p.Scale, prob);
                        else Simd.Axpy(d, p.Scale, prob);
                        d[y] -= p.Scale;
                    }
                });
    }

    /// <summary>Pinned buffers of one cross-entropy call (Losses holds dlogits in the backward).</summary>
    private readonly unsafe struct SoftmaxPointers(float* losses, float* probs, float* logits, int* targets, int v, float scale = 0,
        bool overwrite = false)
    {
        public readonly float* Losses = losses, Probs = probs, Logits = logits;
        public readonly int* Targets = targets;
        public readonly int V = v;
        public readonly float Scale = scale;
        public readonly bool Overwrite = overwrite;
    }
}
