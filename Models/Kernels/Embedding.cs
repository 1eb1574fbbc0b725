namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>output[b,t,:] = wte[ids[b,t], :] + wpe[t, :].
    /// output [B,T,C]; ids [B,T] (already range-checked); wte [V,C]; wpe [maxT,C].</summary>
    public static void EmbeddingForward(Span<float> output, ReadOnlySpan<int> ids,
        ReadOnlySpan<float> wte, ReadOnlySpan<float> wpe, int B, int T, int C)
    {
        using var profile = KernelProfiler.Measure(KernelKind.Embedding);
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++)
            {
                Simd.Add(output.Slice((b * T + t) * C, C), wte.Slice(ids[b * T + t] * C, C), wpe.Slice(t * C, C));
            }
    }

    /// <summary>Forward was output = wte[id] + wpe[t], so dwte[id] += dout and dwpe[t] += dout.
    /// dwte [V,C]; dwpe [maxT,C]; dout [B,T,C]; ids [B,T].</summary>
    public static void EmbeddingBackward(Span<float> dwte, Span<float> dwpe,
        ReadOnlySpan<float> dout, ReadOnlySpan<int> ids, int B, int T, int C)
    {
        using var profile = KernelProfiler.Measure(KernelKind.Embedding);
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++)
            {
                var d = dout.Slice((b * T + t) * C, C);
                Simd.AddInPlace(dwte.Slice(ids[b * T + t] * C, C), d);
                Simd.AddInPlace(dwpe.Slice(t * C, C), d);
            }
    }
}
