namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>
    /// Heads 0…<paramref name="fixedHeads"/>−1 with given attention maps (GptConfig.FixedHeads):
    /// output[b,t,h·HS…] = Σ_t2 att[b,h,t,t2]·v[b,t2,h]. No q·kᵀ and no softmax: the maps in att
    /// were written by the caller. Zero weights are skipped (the maps are sparse).
    /// output [B,T,C] (those heads' channels overwritten); att [B,NH,T,T]; qkv [B,T,3C].
    /// </summary>
    public static void FixedAttentionForward(Span<float> output, ReadOnlySpan<float> att, ReadOnlySpan<float> qkv,
        int B, int T, int C, int NH, int fixedHeads)
    {
        int hs = C / NH, c3 = 3 * C;
        for (int b = 0; b < B; b++)
            for (int h = 0; h < fixedHeads; h++)
                for (int t = 0; t < T; t++)
                {
                    var o = output.Slice((b * T + t) * C + h * hs, hs);
                    o.Clear();
                    var row = att.Slice(((b * NH + h) * T + t) * T, T);
                    for (int t2 = 0; t2 < T; t2++)
                    {
                        float w = row[t2];
                        if (w == 0) continue;
                        Simd.Axpy(o, w, qkv.Slice((b * T + t2) * c3 + 2 * C + h * hs, hs));
                    }
                }
    }

    /// <summary>
    /// Backward of FixedAttentionForward: the maps are constants, so only dv[b,t2,h] += Σ_t att[b,h,t,t2]·dout[b,t,h]
    /// (nothing flows to q or k of those heads). dqkv [B,T,3C] accumulated; dout [B,T,C]; att [B,NH,T,T].
    /// </summary>
    public static void FixedAttentionBackward(Span<float> dqkv, ReadOnlySpan<float> dout, ReadOnlySpan<float> att,
        int B, int T, int C, int NH, int fixedHeads)
    {
        int hs = C / NH, c3 = 3 * C;
        for (int b = 0; b < B; b++)
            for (int h = 0; h < fixedHeads; h++)
                for (int t = 0; t < T; t++)
                {
                    var d = dout.Slice((b * T + t) * C + h * hs, hs);
                    var row = att.Slice(((b * NH + h) * T + t) * T, T);
                    for (int t2 = 0; t2 < T; t2++)
                    {
                        float w = row[t2];
                        if (w == 0) continue;
                        Simd.Axpy(dqkv.Slice((b * T + t2) * c3 + 2 * C + h * hs, hs), w, d);
                    }
                }
    }
}
