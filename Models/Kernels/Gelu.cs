using System.Runtime.Intrinsics;

namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;

    /// <summary>Exact GELU (torch approximate='none'): out = x·Φ(x) = ½x(1 + erf(x/√2)). n floats.
    /// erf is Erf's Abramowitz–Stegun form evaluated 8 lanes at a time.</summary>
    public static void GeluForward(Span<float> output, ReadOnlySpan<float> input, int n) =>
        Simd.Map(output[..n], input[..n], default(GeluOp));

    /// <summary>Forward was out = x·Φ(x), so dx += dout·(Φ(x) + x·φ(x)), φ the standard normal density.</summary>
    public static void GeluBackward(Span<float> dinput, ReadOnlySpan<float> input, ReadOnlySpan<float> dout, int n)
    {
        // The factor Φ(x) + x·φ(x) is computed vectorised into a stack block, then accumulated.
        const int block = 256;
        Span<float> factor = stackalloc float[block];
        for (int start = 0; start < n; start += block)
        {
            int len = Math.Min(block, n - start);
            var f = factor[..len];
            Simd.Map(f, input.Slice(start, len), default(GeluGradOp));
            var d = dinput.Slice(start, len);
            var g = dout.Slice(start, len);
            for (int i = 0; i < len; i++) d[i] = MathF.FusedMultiplyAdd(g[i], f[i], d[i]);
        }
    }

    /// <summary>Φ(x) = ½(1 + erf(x/√2)), vectorised (Abramowitz &amp; Stegun 7.1.26, as Erf.Evaluate).</summary>
    private static Vector256<float> NormalCdf(Vector256<float> x)
    {
        var u = x * Vector256.Create(InvSqrt2);
        var ax = Vector256.Abs(u);
        var t = Vector256<float>.One / (Vector256<float>.One + Vector256.Create(0.3275911f) * ax);
        var poly = Vector256.Create(1.061405429f);
        poly = poly * t + Vector256.Create(-1.453152027f);
        poly = poly * t + Vector256.Create(1.421413741f);
        poly = poly * t + Vector256.Create(-0.284496736f);
        poly = poly * t + Vector256.Create(0.254829592f);
        poly *= t;
        var y = Vector256<float>.One - poly * Vector256.Exp(-(ax * ax));
        var erf = Vector256.ConditionalSelect(Vector256.LessThan(u, Vector256<float>.Zero), -y, y);
        return Vector256.Create(0.5f) * (Vector256<float>.One + erf);
    }

    private readonly struct GeluOp : Simd.IVectorOp
    {
        public Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => x * NormalCdf(x);
    }

    private readonly struct GeluGradOp : Simd.IVectorOp
    {
        public Vector256<float> Apply(Vector256<float> x, Vector256<float> y)
        {
            var pdf = Vector256.Create(InvSqrt2Pi) * Vector256.Exp(Vector256.Create(-0.5f) * x * x);
            return NormalCdf(x) + x * pdf;
        }
    }
}
