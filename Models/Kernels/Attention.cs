namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>
    /// Multi-head self-attention on a packed qkv. For head h (channels h·HS…(h+1)·HS of each of the
    /// q | k | v blocks): att[b,h,t,:] = softmax(q·kᵀ / √HS) over t2 ≤ t when causal (zeros beyond),
    /// over all t2 otherwise; output[b,t,h·HS…] = Σ att·v (heads concatenated).
    /// output [B,T,C]; att [B,NH,T,T] softmax probabilities, cached for backward and readable as
    /// attention maps; qkv [B,T,3C]. Work is split over the B·NH (b, h) pairs, which touch disjoint
    /// memory, so the result is the same bits for any thread count.
    /// </summary>
    public static unsafe void AttentionForward(Span<float> output, Span<float> att, ReadOnlySpan<float> qkv,
        int B, int T, int C, int NH, bool causal, int threads)
    {
        fixed (float* po = output, pa = att, pq = qkv)
        {
            var a = new AttentionPointers(po, pa, pq, null, null, B, T, C, NH, causal);
            ForEachHead(B * NH, threads, a, static (in AttentionPointers p, int bh) => ForwardHead(p, bh));
        }
    }

    /// <summary>
    /// Backward of AttentionForward. With datt = dout·vᵀ and the softmax Jacobian,
    /// dpre = att ⊙ (datt − Σ att·datt); dq += dpre·k/√HS; dk += dpreᵀ·q/√HS; dv += attᵀ·dout.
    /// dqkv [B,T,3C] (accumulated); dout [B,T,C]; qkv [B,T,3C]; att [B,NH,T,T] from the forward.
    /// </summary>
    public static unsafe void AttentionBackward(Span<float> dqkv, ReadOnlySpan<float> dout,
        ReadOnlySpan<float> qkv, ReadOnlySpan<float> att, int B, int T, int C, int NH, bool causal, int threads)
    {
        fixed (float* pdq = dqkv, pd = dout, pq = qkv, pa = att)
        {
            var a = new AttentionPointers(null, pa, pq, pdq, pd, B, T, C, NH, causal);
            ForEachHead(B * NH, threads, a, static (in AttentionPointers p, int bh) => BackwardHead(p, bh));
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
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, count, options, bh => work(pointers, bh));
    }

    private static unsafe void ForwardHead(in AttentionPointers p, int bh)
    {
        int b = bh / p.NH, h = bh % p.NH, T = p.T, C = p.C, C3 = 3 * C, hs = C / p.NH;
        float scale = 1f / MathF.Sqrt(hs);
        for (int t = 0; t < T; t++)
        {
            float* q = p.Qkv + (b * T + t) * C3 + h * hs;
            float* row = p.Att + ((long)bh * T + t) * T;
            int end = p.Causal ? t + 1 : T;
            float max = float.NegativeInfinity;
            for (int t2 = 0; t2 < end; t2++)
            {
                float* k = p.Qkv + (b * T + t2) * C3 + C + h * hs;
                float s = 0;
                for (int i = 0; i < hs; i++) s += q[i] * k[i];
                s *= scale;
                row[t2] = s;
                if (s > max) max = s;
            }
            float sum = 0;
            for (int t2 = 0; t2 < end; t2++)
            {
                float e = MathF.Exp(row[t2] - max);
                row[t2] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int t2 = 0; t2 < end; t2++) row[t2] *= inv;
            for (int t2 = end; t2 < T; t2++) row[t2] = 0;

            float* o = p.Out + (b * T + t) * C + h * hs;
            for (int i = 0; i < hs; i++) o[i] = 0;
            for (int t2 = 0; t2 < end; t2++)
            {
                float* v = p.Qkv + (b * T + t2) * C3 + 2 * C + h * hs;
                float w = row[t2];
                for (int i = 0; i < hs; i++) o[i] += w * v[i];
            }
        }
    }

    private static unsafe void BackwardHead(in AttentionPointers p, int bh)
    {
        int b = bh / p.NH, h = bh % p.NH, T = p.T, C = p.C, C3 = 3 * C, hs = C / p.NH;
        float scale = 1f / MathF.Sqrt(hs);
        Span<float> datt = stackalloc float[T]; // [T] d loss / d att[b,h,t,:]
        for (int t = 0; t < T; t++)
        {
            float* row = p.Att + ((long)bh * T + t) * T;
            float* d = p.DOut + (b * T + t) * C + h * hs;
            int end = p.Causal ? t + 1 : T;
            // forward: out[t] = Σ_t2 att[t,t2]·v[t2]
            float dot = 0;
            for (int t2 = 0; t2 < end; t2++)
            {
                float* v = p.Qkv + (b * T + t2) * C3 + 2 * C + h * hs;
                float* dv = p.DQkv + (b * T + t2) * C3 + 2 * C + h * hs;
                float s = 0, w = row[t2];
                for (int i = 0; i < hs; i++)
                {
                    s += d[i] * v[i];
                    dv[i] += w * d[i];
                }
                datt[t2] = s;
                dot += w * s;
            }
            // forward: att = softmax(pre), pre[t2] = q·k[t2]·scale
            float* q = p.Qkv + (b * T + t) * C3 + h * hs;
            float* dq = p.DQkv + (b * T + t) * C3 + h * hs;
            for (int t2 = 0; t2 < end; t2++)
            {
                float dpre = row[t2] * (datt[t2] - dot) * scale;
                float* k = p.Qkv + (b * T + t2) * C3 + C + h * hs;
                float* dk = p.DQkv + (b * T + t2) * C3 + C + h * hs;
                for (int i = 0; i < hs; i++)
                {
                    dq[i] += dpre * k[i];
                    dk[i] += dpre * q[i];
                }
            }
        }
    }

    /// <summary>Pinned buffers of one attention call, shared by the per-head workers.</summary>
    private readonly unsafe struct AttentionPointers(float* output, float* att, float* qkv, float* dqkv,
        float* dout, int b, int t, int c, int nh, bool causal)
    {
        public readonly float* Out = output, Att = att, Qkv = qkv, DQkv = dqkv, DOut = dout;
        public readonly int B = b, T = t, C = c, NH = nh;
        public readonly bool Causal = causal;
    }
}
