namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>
    /// Multi-head self-attention on a packed qkv. For head h (channels h·HS…(h+1)·HS of each of the
    /// q | k | v blocks): att[b,h,t,:] = softmax(q·kᵀ / √HS) over t2 ≤ t when causal (zeros beyond),
    /// over all t2 otherwise; output[b,t,h·HS…] = Σ att·v (heads concatenated).
    /// output [B,T,C]; att [B,NH,T,T] softmax probabilities, cached for backward and readable as
    /// attention maps; qkv [B,T,3C]. Work is split over the B·NH (b, h) pairs, which touch disjoint
    /// memory, so the result is the same bits for any thread count. <paramref name="firstHead"/> &gt; 0
    /// skips heads 0…firstHead−1 (hard-coded heads, see FixedAttentionForward): their output and att
    /// rows are left untouched.
    /// </summary>
    public static unsafe void AttentionForward(Span<float> output, Span<float> att, ReadOnlySpan<float> qkv,
        int B, int T, int C, int NH, bool causal, int threads, int firstHead = 0)
    {
        using var profile = KernelProfiler.Measure(KernelKind.AttentionForward);
        fixed (float* po = output, pa = att, pq = qkv)
        {
            var a = new AttentionPointers(po, pa, pq, null, null, B, T, C, NH, causal, firstHead);
            ForEachHead(B * (NH - firstHead), threads, a, static (in AttentionPointers p, int i) => ForwardHead(p, p.Head(i)));
        }
    }

    /// <summary>
    /// Backward of AttentionForward. With datt = dout·vᵀ and the softmax Jacobian,
    /// dpre = att ⊙ (datt − Σ att·datt); dq += dpre·k/√HS; dk += dpreᵀ·q/√HS; dv += attᵀ·dout.
    /// dqkv [B,T,3C] (accumulated); dout [B,T,C]; qkv [B,T,3C]; att [B,NH,T,T] from the forward.
    /// Heads below <paramref name="firstHead"/> are skipped (see AttentionForward).
    /// <paramref name="write"/> = Overwrite: each (b, h) worker zeroes its own q, k, v gradient columns
    /// just before accumulating into them (in cache, inside the parallel region, the same bits as a
    /// zeroed buffer); the skipped heads' columns are left as they are.
    /// </summary>
    public static unsafe void AttentionBackward(Span<float> dqkv, ReadOnlySpan<float> dout,
        ReadOnlySpan<float> qkv, ReadOnlySpan<float> att, int B, int T, int C, int NH, bool causal, int threads, int firstHead = 0,
        GradientWrite write = GradientWrite.Accumulate)
    {
        using var profile = KernelProfiler.Measure(KernelKind.AttentionBackward);
        fixed (float* pdq = dqkv, pd = dout, pq = qkv, pa = att)
        {
            var a = new AttentionPointers(null, pa, pq, pdq, pd, B, T, C, NH, causal, firstHead);
            if (write == GradientWrite.Accumulate)
                ForEachHead(B * (NH - firstHead), threads, a, static (in AttentionPointers p, int i) => BackwardHead(p, p.Head(i), overwrite: false));
            else
                ForEachHead(B * (NH - firstHead), threads, a, static (in AttentionPointers p, int i) => BackwardHead(p, p.Head(i), overwrite: true));
        }
    }

    /// <summary>Keys (or values) of one head transposed: [HS, stride] with stride = T rounded up to
    /// a whole vector, so a query's scores against all keys are HS broadcast FMAs per vector of keys.</summary>
    internal static int TransposedStride(int t) => (t + AttentionMath.W - 1) / AttentionMath.W * AttentionMath.W;

    private delegate void HeadWork(in AttentionPointers pointers, int bh);

    /// <summary>Runs work for every (b, h) pair, split over threads in contiguous ranges.</summary>
    private static void ForEachHead(int count, int threads, AttentionPointers pointers, HeadWork work)
    {
        int chunks = threads <= 1 ? 1 : Math.Min(threads * RowParallel.ChunksPerThread, count);
        var job = new HeadJob(pointers, work, count, chunks);
        WorkerPool.Run(chunks, threads, ref job);
    }

    /// <summary>Chunk c handles (b, h) pairs [count·c/chunks, count·(c+1)/chunks).</summary>
    private readonly struct HeadJob(AttentionPointers pointers, HeadWork work, int count, int chunks) : IChunkJob
    {
        private readonly AttentionPointers _pointers = pointers;

        public void Run(int chunk)
        {
            int start = (int)((long)count * chunk / chunks), end = (int)((long)count * (chunk + 1) / chunks);
            for (int bh = start; bh < end; bh++) work(_pointers, bh);
        }
    }

    private static unsafe void ForwardHead(in AttentionPointers p, int bh)
    {
        int b = bh / p.NH, h = bh % p.NH, T = p.T, C = p.C, C3 = 3 * C, hs = C / p.NH, ts = TransposedStride(T);
        float scale = 1f / MathF.Sqrt(hs);
        float* qkv = p.Qkv + (long)b * T * C3 + h * hs;    // q of (b, t=0, head h); k at +C, v at +2C
        float* output = p.Out + (long)b * T * C + h * hs;
        float* kt = AttentionMath.Scratch(0, hs * ts);     // [HS, ts] this head's keys, transposed
        float* scores = AttentionMath.Scratch(1, T * ts);  // [T, ts] q·kᵀ, then softmax rows
        AttentionMath.Transpose(kt, ts, qkv + C, C3, T, hs);
        AttentionBlocks.RowsTimesTransposed(scores, ts, qkv, C3, T, kt, ts, ts, hs);
        for (int t = 0; t < T; t++)
        {
            int end = p.Causal ? t + 1 : T;
            float* row = p.Att + ((long)bh * T + t) * T;
            // Rows of equal length (not causal) go in pairs, their softmax passes interleaved.
            if (!p.Causal && (t & 1) == 0 && t + 1 < T)
                AttentionMath.SoftmaxPair(scores + t * ts, scores + (t + 1) * ts, T, scale);
            else if (p.Causal || (t & 1) == 0)
                AttentionMath.Softmax(scores + t * ts, end, scale);
            new ReadOnlySpan<float>(scores + t * ts, end).CopyTo(new Span<float>(row, end));
            for (int t2 = end; t2 < T; t2++) row[t2] = 0;
            new Span<float>(output + t * C, hs).Clear();
        }
        // output[t] = Σ_t2 att[t,t2]·v[t2], four query rows at a time (FinishRow's chains).
        AttentionBlocks.AccumulateRowsRange(output, C, scores, ts, 1, qkv + 2 * C, C3, T, T,
            p.Causal ? Triangle.Lower : Triangle.None, hs);
    }

    /// <summary>
    /// One query row after its scores (q·k[t2], unscaled, at least count rounded up to a vector):
    /// att[0..count) = softmax(scores·scale), output[hs] = Σ att[t2]·v[t2], value t2 at v + t2·vStride.
    /// </summary>
    private static unsafe void FinishRow(float* output, float* att, float* scores, float* v, int vStride, int count, int hs, float scale)
    {
        AttentionMath.Softmax(scores, count, scale);
        new ReadOnlySpan<float>(scores, count).CopyTo(new Span<float>(att, count));
        new Span<float>(output, hs).Clear();
        AttentionMath.AccumulateRows(output, scores, 1, v, vStride, count, hs);
    }

    /// <summary>
    /// One query row for the KV-cache decoder: att[0..count) = softmax(q·k[t2]·scale),
    /// output[hs] = Σ att[t2]·v[t2], with the keys transposed (key t2's channel d at
    /// kt + d·ktStride + t2; kt must have room for count rounded up to a vector) and value t2 at
    /// v + t2·vStride. The same chains as the full forward's four-rows-at-once scores and the same
    /// FinishRow, so decoding gives the full forward's bits.
    /// </summary>
    internal static unsafe void AttentionRow(float* output, float* att, float* q, float* kt, int ktStride,
        float* v, int vStride, int count, int hs, float scale)
    {
        int padded = TransposedStride(count);
        float* scores = AttentionMath.Scratch(1, padded);
        AttentionMath.RowTimesTransposed(scores, q, kt, ktStride, padded, hs);
        FinishRow(output, att, scores, v, vStride, count, hs, scale);
    }

    private static unsafe void BackwardHead(in AttentionPointers p, int bh, bool overwrite)
    {
        int b = bh / p.NH, h = bh % p.NH, T = p.T, C = p.C, C3 = 3 * C, hs = C / p.NH, ts = TransposedStride(T);
        float scale = 1f / MathF.Sqrt(hs);
        long first = (long)b * T;                          // row of (b, t=0)
        float* q = p.Qkv + first * C3 + h * hs, k = q + C, v = q + 2 * C;
        float* dq = p.DQkv + first * C3 + h * hs, dk = dq + C, dv = dq + 2 * C;
        float* dout = p.DOut + first * C + h * hs;
        float* att = p.Att + (long)bh * T * T;             // [T, T]
        if (overwrite)
            for (int t = 0; t < T; t++)
            {
                new Span<float>(dq + t * C3, hs).Clear();
                new Span<float>(dk + t * C3, hs).Clear();
                new Span<float>(dv + t * C3, hs).Clear();
            }
        float* vt = AttentionMath.Scratch(0, hs * ts);     // [HS, ts] values, transposed
        float* dpre = AttentionMath.Scratch(1, T * ts);    // [T, ts] d loss / d pre-softmax score, times scale
        AttentionMath.Transpose(vt, ts, v, C3, T, hs);
        // forward: out[t] = Σ_t2 att[t,t2]·v[t2], so datt[t,t2] = dout[t]·v[t2]
        AttentionBlocks.RowsTimesTransposed(dpre, ts, dout, C, T, vt, ts, ts, hs);
        for (int t = 0; t < T; t++)
        {
            int end = p.Causal ? t + 1 : T;
            float* row = dpre + t * ts;
            // forward: att = softmax(pre), pre = q·k·scale
            AttentionMath.SoftmaxBackward(row, att + t * T, end, scale);
            for (int t2 = end; t2 < T; t2++) row[t2] = 0;
        }
        // dq[t] += Σ_t2 dpre[t,t2]·k[t2] over t2 ≤ t when causal
        var queries = p.Causal ? Triangle.Lower : Triangle.None;
        AttentionBlocks.AccumulateRowsRange(dq, C3, dpre, ts, 1, k, C3, T, T, queries, hs);
        // dk[t2] += Σ_t dpre[t,t2]·q[t]; dv[t2] += Σ_t att[t,t2]·dout[t], over t ≥ t2 when causal
        // (rows t < t2 have no weight on key t2)
        var keys = p.Causal ? Triangle.Upper : Triangle.None;
        AttentionBlocks.AccumulateRowsRange(dk, C3, dpre, 1, ts, q, C3, T, T, keys, hs);
        AttentionBlocks.AccumulateRowsRange(dv, C3, att, 1, T, dout, C, T, T, keys, hs);
    }

    /// <summary>Pinned buffers of one attention call, shared by the per-head workers.</summary>
    private readonly unsafe struct AttentionPointers(float* output, float* att, float* qkv, float* dqkv,
        float* dout, int b, int t, int c, int nh, bool causal, int firstHead)
    {
        public readonly float* Out = output, Att = att, Qkv = qkv, DQkv = dqkv, DOut = dout;
        public readonly int B = b, T = t, C = c, NH = nh, FirstHead = firstHead;
        public readonly bool Causal = causal;

        /// <summary>The (b, h) index bh = b·NH + h of the i-th computed head (heads FirstHead…NH−1 of each row).</summary>
        public int Head(int i) => i / (NH - FirstHead) * NH + FirstHead + i % (NH - FirstHead);
    }
}
