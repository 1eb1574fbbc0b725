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
    /// </summary>
    public static unsafe void AttentionBackward(Span<float> dqkv, ReadOnlySpan<float> dout,
        ReadOnlySpan<float> qkv, ReadOnlySpan<float> att, int B, int T, int C, int NH, bool causal, int threads, int firstHead = 0)
    {
        fixed (float* pdq = dqkv, pd = dout, pq = qkv, pa = att)
        {
            var a = new AttentionPointers(null, pa, pq, pdq, pd, B, T, C, NH, causal, firstHead);
            ForEachHead(B * (NH - firstHead), threads, a, static (in AttentionPointers p, int i) => BackwardHead(p, p.Head(i)));
        }
    }

    private delegate void HeadWork(in AttentionPointers pointers, int bh);

    private static void ForEachHead(int count, int threads, AttentionPointers pointers, HeadWork work)
    {
        if (threads <= 1 || count == 1)
        {
            for (int bh = 0; bh < count; bh++) work(pointers, bh);
            return;
        }
        ForEachHeadParallel(count, threads, pointers, work);
    }

    // Separate method: the closure Parallel.For needs would otherwise be allocated on every call,
    // even on the single-threaded path (C# creates captured-variable scopes at method entry).
    private static void ForEachHeadParallel(int count, int threads, AttentionPointers pointers, HeadWork work)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, count, options, bh => work(pointers, bh));
    }

    private static unsafe void ForwardHead(in AttentionPointers p, int bh)
    {
        int b = bh / p.NH, h = bh % p.NH, T = p.T, C = p.C, C3 = 3 * C, hs = C / p.NH;
        float scale = 1f / MathF.Sqrt(hs);
        float* qkv = p.Qkv + b * T * C3 + h * hs; // q of (b, t=0, head h); k at +C, v at +2C
        for (int t = 0; t < T; t++)
        {
            float* row = p.Att + ((long)bh * T + t) * T;
            int end = p.Causal ? t + 1 : T;
            AttentionRow(p.Out + (b * T + t) * C + h * hs, row, qkv + t * C3, qkv + C, C3, qkv + 2 * C, C3, end, hs, scale);
            for (int t2 = end; t2 < T; t2++) row[t2] = 0;
        }
    }

    /// <summary>
    /// One query row: att[0..count) = softmax(q·k[t2]·scale), output[hs] = Σ att[t2]·v[t2], with
    /// key t2 at k + t2·kStride and value t2 at v + t2·vStride. Shared by the full forward and the
    /// KV-cache decoder so both give the same bits.
    /// </summary>
    internal static unsafe void AttentionRow(float* output, float* att, float* q, float* k, int kStride,
        float* v, int vStride, int count, int hs, float scale)
    {
        var qs = new ReadOnlySpan<float>(q, hs);
        var row = new Span<float>(att, count);
        float max = float.NegativeInfinity;
        for (int t2 = 0; t2 < count; t2++)
        {
            float s = Simd.Dot(qs, new ReadOnlySpan<float>(k + t2 * kStride, hs)) * scale;
            row[t2] = s;
            if (s > max) max = s;
        }
        float sum = Simd.ExpShifted(row, row, max);
        Simd.Scale(row, row, 1f / sum);
        var o = new Span<float>(output, hs);
        o.Clear();
        for (int t2 = 0; t2 < count; t2++) Simd.Axpy(o, row[t2], new ReadOnlySpan<float>(v + t2 * vStride, hs));
    }

    private static unsafe void BackwardHead(in AttentionPointers p, int bh)
    {
        int b = bh / p.NH, h = bh % p.NH, T = p.T, C = p.C, C3 = 3 * C, hs = C / p.NH;
        float scale = 1f / MathF.Sqrt(hs);
        Span<float> datt = stackalloc float[T]; // [T] d loss / d att[b,h,t,:]
        for (int t = 0; t < T; t++)
        {
            float* row = p.Att + ((long)bh * T + t) * T;
            var d = new ReadOnlySpan<float>(p.DOut + (b * T + t) * C + h * hs, hs);
            int end = p.Causal ? t + 1 : T;
            // forward: out[t] = Σ_t2 att[t,t2]·v[t2]
            float dot = 0;
            for (int t2 = 0; t2 < end; t2++)
            {
                long kv = (long)(b * T + t2) * C3 + h * hs;
                float s = Simd.Dot(d, new ReadOnlySpan<float>(p.Qkv + kv + 2 * C, hs));
                Simd.Axpy(new Span<float>(p.DQkv + kv + 2 * C, hs), row[t2], d);
                datt[t2] = s;
                dot += row[t2] * s;
            }
            // forward: att = softmax(pre), pre[t2] = q·k[t2]·scale
            long qi = (long)(b * T + t) * C3 + h * hs;
            var q = new ReadOnlySpan<float>(p.Qkv + qi, hs);
            var dq = new Span<float>(p.DQkv + qi, hs);
            for (int t2 = 0; t2 < end; t2++)
            {
                float dpre = row[t2] * (datt[t2] - dot) * scale;
                long ki = (long)(b * T + t2) * C3 + C + h * hs;
                Simd.Axpy(dq, dpre, new ReadOnlySpan<float>(p.Qkv + ki, hs));
                Simd.Axpy(new Span<float>(p.DQkv + ki, hs), dpre, q);
            }
        }
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
