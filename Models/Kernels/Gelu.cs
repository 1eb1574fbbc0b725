namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;

    /// <summary>Exact GELU (torch approximate='none'): out = x·Φ(x) = ½x(1 + erf(x/√2)). n floats.</summary>
    public static void GeluForward(Span<float> output, ReadOnlySpan<float> input, int n)
    {
        for (int i = 0; i < n; i++)
        {
            float x = input[i];
            output[i] = 0.5f * x * (1f + Erf.Evaluate(x * InvSqrt2));
        }
    }

    /// <summary>Forward was out = x·Φ(x), so dx += dout·(Φ(x) + x·φ(x)), φ the standard normal density.</summary>
    public static void GeluBackward(Span<float> dinput, ReadOnlySpan<float> input, ReadOnlySpan<float> dout, int n)
    {
        for (int i = 0; i < n; i++)
        {
            float x = input[i];
            float cdf = 0.5f * (1f + Erf.Evaluate(x * InvSqrt2));
            float pdf = InvSqrt2Pi * MathF.Exp(-0.5f * x * x);
            dinput[i] += dout[i] * (cdf + x * pdf);
        }
    }
}
