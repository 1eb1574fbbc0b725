namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>output = a + b, elementwise over n floats.</summary>
    public static void ResidualForward(Span<float> output, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int n)
    {
        for (int i = 0; i < n; i++) output[i] = a[i] + b[i];
    }

    /// <summary>Forward was out = a + b, so da += dout and db += dout.</summary>
    public static void ResidualBackward(Span<float> da, Span<float> db, ReadOnlySpan<float> dout, int n)
    {
        for (int i = 0; i < n; i++)
        {
            da[i] += dout[i];
            db[i] += dout[i];
        }
    }
}
