namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>
    /// Σ over the B·T query rows of KL(target ‖ att) = Σ_t2 target·(ln target − ln att) for one head
    /// (attention mimicking). att [B,NH,T,T] softmax probabilities; target [B,T,T] row-stochastic.
    /// Entries with target 0 contribute 0; an att entry that underflowed to 0 under positive target
    /// is read as 1e-30 so the loss stays finite (its gradient is exact regardless).
    /// </summary>
    public static double AttentionKlForward(ReadOnlySpan<float> att, ReadOnlySpan<float> target, int B, int T, int NH, int head)
    {
        double sum = 0;
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++)
            {
                var a = att.Slice(((b * NH + head) * T + t) * T, T);
                var p = target.Slice((b * T + t) * T, T);
                for (int t2 = 0; t2 < T; t2++)
                {
                    float pt = p[t2];
                    if (pt == 0) continue;
                    sum += pt * (Math.Log(pt) - Math.Log(Math.Max(a[t2], 1e-30)));
                }
            }
        return sum;
    }

    /// <summary>
    /// Backward of <see cref="AttentionKlForward"/> scaled by <paramref name="rowScale"/> (weight / rows):
    /// through the softmax, d loss / d pre[t,t2] = rowScale·(att − target), and pre = q·k·(1/√HS), so
    /// dq[t] += Σ_t2 dpre·k[t2]/√HS and dk[t2] += dpre·q[t]/√HS. Causal models stop at t2 ≤ t.
    /// dqkv [B,T,3C] accumulated; qkv [B,T,3C]; att [B,NH,T,T]; target [B,T,T].
    /// </summary>
    public static void AttentionKlBackward(Span<float> dqkv, ReadOnlySpan<float> qkv, ReadOnlySpan<float> att,
        ReadOnlySpan<float> target, int B, int T, int C, int NH, int head, bool causal, float rowScale)
    {
        int hs = C / NH, c3 = 3 * C;
        float scale = rowScale / MathF.Sqrt(hs);
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++)
            {
                var a = att.Slice(((b * NH + head) * T + t) * T, T);
                var p = target.Slice((b * T + t) * T, T);
                int qi = (b * T + t) * c3 + head * hs;
                var q = qkv.Slice(qi, hs);
                int end = causal ? t + 1 : T;
                for (int t2 = 0; t2 < end; t2++)
                {
                    float dpre = (a[t2] - p[t2]) * scale;
                    if (dpre == 0) continue;
                    int ki = (b * T + t2) * c3 + C + head * hs;
                    Simd.Axpy(dqkv.Slice(qi, hs), dpre, qkv.Slice(ki, hs));
                    Simd.Axpy(dqkv.Slice(ki, hs), dpre, q);
                }
            }
    }
}
