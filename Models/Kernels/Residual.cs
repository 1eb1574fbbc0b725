namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>output = a + b, elementwise over n floats.</summary>
    public static void ResidualForward(Span<float> output, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int n)
    {
        using var profile = KernelProfiler.Measure(KernelKind.Residual);
        Simd.Add(output[..n], a[..n], b[..n]);
    }

    /// <summary>Forward was out = a + b, so da += dout and db += dout.</summary>
    public static void ResidualBackward(Span<float> da, Span<float> db, ReadOnlySpan<float> dout, int n)
    {
        using var profile = KernelProfiler.Measure(KernelKind.Residual);
        Simd.AddInPlace(da[..n], dout[..n]);
        Simd.AddInPlace(db[..n], dout[..n]);
    }
}
