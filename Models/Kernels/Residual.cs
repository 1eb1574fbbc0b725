namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>output = a + b, elementwise over n floats. Elements are independent, so any split
    /// over threads gives the same bits.</summary>
    public static unsafe void ResidualForward(Span<float> output, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int n, int threads = 1)
    {
        using var profile = KernelProfiler.Measure(KernelKind.Residual);
        fixed (float* po = output[..n], pa = a[..n], pb = b[..n])
            RowParallel.For(n, threads, 1, new Triple(po, pa, pb), static (in Triple p, int s, int e) =>
                Simd.Add(new Span<float>(p.Out + s, e - s), new ReadOnlySpan<float>(p.A + s, e - s), new ReadOnlySpan<float>(p.B + s, e - s)));
    }

    /// <summary>Forward was out = a + b, so da += dout and db += dout (elementwise, any split).
    /// <paramref name="write"/> = Overwrite (both da and db): da = db = 0 + dout, the bits of
    /// accumulating into zeros (a −0 in dout becomes +0 in both).</summary>
    public static unsafe void ResidualBackward(Span<float> da, Span<float> db, ReadOnlySpan<float> dout, int n, int threads = 1,
        GradientWrite write = GradientWrite.Accumulate)
    {
        using var profile = KernelProfiler.Measure(KernelKind.Residual);
        fixed (float* pa = da[..n], pb = db[..n], pd = dout[..n])
        {
            var pointers = new Triple(pd, pa, pb);
            if (write == GradientWrite.Accumulate)
                RowParallel.For(n, threads, 2, pointers, static (in Triple p, int s, int e) =>
                {
                    var d = new ReadOnlySpan<float>(p.Out + s, e - s);
                    Simd.AddInPlace(new Span<float>(p.A + s, e - s), d);
                    Simd.AddInPlace(new Span<float>(p.B + s, e - s), d);
                });
            else
                RowParallel.For(n, threads, 2, pointers, static (in Triple p, int s, int e) =>
                    Simd.AddToZeroTwice(new Span<float>(p.A + s, e - s), new Span<float>(p.B + s, e - s), new ReadOnlySpan<float>(p.Out + s, e - s)));
        }
    }

    /// <summary>Three pinned float arrays of one elementwise call.</summary>
    private readonly unsafe struct Triple(float* output, float* a, float* b)
    {
        public readonly float* Out = output, A = a, B = b;
    }
}
