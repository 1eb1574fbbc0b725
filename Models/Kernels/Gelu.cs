using System.Runtime.Intrinsics;

namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;

    /// <summary>Exact GELU (torch approximate='none'): out = x·Φ(x) = ½x(1 + erf(x/√2)) over n floats,
    /// erf in Erf's Abramowitz–Stegun form evaluated 8 lanes at a time. Every element gets the same
    /// bits wherever it sits, so any split over threads gives the same result.</summary>
    public static unsafe void GeluForward(Span<float> output, ReadOnlySpan<float> input, int n, int threads = 1)
    {
        fixed (float* po = output, pi = input)
            RowParallel.For(n, threads, 8, new Pair(po, pi, null), static (in Pair p, int s, int e) =>
                Simd.Map(new Span<float>(p.A + s, e - s), new ReadOnlySpan<float>(p.B + s, e - s), default(GeluOp)));
    }

    /// <summary>Forward was out = x·Φ(x), so dx += dout·(Φ(x) + x·φ(x)), φ the standard normal density.</summary>
    public static unsafe void GeluBackward(Span<float> dinput, ReadOnlySpan<float> input, ReadOnlySpan<float> dout, int n, int threads = 1)
    {
        fixed (float* pd = dinput, pi = input, pg = dout)
            RowParallel.For(n, threads, 10, new Pair(pd, pi, pg), static (in Pair p, int s, int e) => GeluBackwardRange(p, s, e));
    }

    private static unsafe void GeluBackwardRange(in Pair p, int start, int end)
    {
        // The factor Φ(x) + x·φ(x) is computed vectorised into a stack block, then accumulated.
        const int block = 256;
        Span<float> factor = stackalloc float[block];
        for (int s = start; s < end; s += block)
        {
            int len = Math.Min(block, end - s);
            var f = factor[..len];
            Simd.Map(f, new ReadOnlySpan<float>(p.B + s, len), default(GeluGradOp));
            float* d = p.A + s, g = p.C + s;
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

    /// <summary>Up to three pinned buffers for a parallel elementwise kernel.</summary>
    private readonly unsafe struct Pair(float* a, float* b, float* c)
    {
        public readonly float* A = a, B = b, C = c;
    }
}
