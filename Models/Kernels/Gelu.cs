using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;

    /// <summary>Exact GELU (torch approximate='none'): out = x·Φ(x) = ½x(1 + erf(x/√2)) over n floats,
    /// erf in Erf's Abramowitz–Stegun form evaluated 8 lanes at a time (16 with AVX-512, <see cref="GeluWide"/>:
    /// the same operations per lane). Every element gets the same
    /// bits wherever it sits, so any split over threads gives the same result.</summary>
    public static unsafe void GeluForward(Span<float> output, ReadOnlySpan<float> input, int n, int threads = 1)
    {
        using var profile = KernelProfiler.Measure(KernelKind.GeluForward);
        fixed (float* po = output, pi = input)
            RowParallel.For(n, threads, 8, new Pair(po, pi, null), static (in Pair p, int s, int e) =>
            {
                // Whole 16-lane vectors first (the same bits), the rest through the eight-lane path.
                int i = GeluWide.Forward(p.A, p.B, s, e);
                Simd.Map(new Span<float>(p.A + i, e - i), new ReadOnlySpan<float>(p.B + i, e - i), default(GeluOp));
            });
    }

    /// <summary>Forward was out = x·Φ(x), so dx += dout·(Φ(x) + x·φ(x)), φ the standard normal density.
    /// <paramref name="write"/> = Overwrite: the same fused multiply-add with +0 as its addend.</summary>
    public static unsafe void GeluBackward(Span<float> dinput, ReadOnlySpan<float> input, ReadOnlySpan<float> dout, int n, int threads = 1,
        GradientWrite write = GradientWrite.Accumulate)
    {
        using var profile = KernelProfiler.Measure(KernelKind.GeluBackward);
        fixed (float* pd = dinput, pi = input, pg = dout)
        {
            var pointers = new Pair(pd, pi, pg);
            if (write == GradientWrite.Accumulate)
                RowParallel.For(n, threads, 10, pointers, static (in Pair p, int s, int e) => GeluBackwardRange(p, s, e, overwrite: false));
            else
                RowParallel.For(n, threads, 10, pointers, static (in Pair p, int s, int e) => GeluBackwardRange(p, s, e, overwrite: true));
        }
    }

    private static unsafe void GeluBackwardRange(in Pair p, int start, int end, bool overwrite)
    {
        const int W = 8;
        float* d = p.A, x = p.B, g = p.C;
        int i = GeluWide.Backward(d, x, g, start, end, overwrite);
        for (; i <= end - W; i += W)
        {
            var acc = overwrite ? Vector256<float>.Zero : Vector256.Load(d + i);
            Vector256.FusedMultiplyAdd(Vector256.Load(g + i), GeluSlope(Vector256.Load(x + i)), acc).Store(d + i);
        }
        if (i == end) return;
        // Tail: padded through the same vector function, so every element gets the same bits.
        float* tx = stackalloc float[W];
        for (int j = 0; j < W; j++) tx[j] = i + j < end ? x[i + j] : 0f;
        var slope = GeluSlope(Vector256.Load(tx));
        for (int j = 0; i + j < end; j++) d[i + j] = MathF.FusedMultiplyAdd(g[i + j], slope[j], overwrite ? 0f : d[i + j]);
    }

    /// <summary>e^(−x²/2): the Gaussian factor shared by Φ (through erf(x/√2)) and φ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Gaussian(Vector256<float> x) => VectorExp.Exp(Vector256.Create(-0.5f) * x * x);

    /// <summary>Φ(x) = ½(1 + erf(x/√2)) from the Gaussian factor g = e^(−x²/2) (Abramowitz &amp; Stegun
    /// 7.1.26 with its e^(−u²), u = x/√2, which is g).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> NormalCdf(Vector256<float> x, Vector256<float> gaussian)
    {
        var u = x * Vector256.Create(InvSqrt2);
        var t = Vector256<float>.One / Vector256.FusedMultiplyAdd(Vector256.Create(0.3275911f), Vector256.Abs(u), Vector256<float>.One);
        var poly = Vector256.Create(1.061405429f);
        poly = Vector256.FusedMultiplyAdd(poly, t, Vector256.Create(-1.453152027f));
        poly = Vector256.FusedMultiplyAdd(poly, t, Vector256.Create(1.421413741f));
        poly = Vector256.FusedMultiplyAdd(poly, t, Vector256.Create(-0.284496736f));
        poly = Vector256.FusedMultiplyAdd(poly, t, Vector256.Create(0.254829592f));
        var tail = Vector256.Create(0.5f) * poly * t * gaussian; // ½(1 − erf|u|)
        return Vector256.ConditionalSelect(Vector256.LessThan(u, Vector256<float>.Zero), tail, Vector256<float>.One - tail);
    }

    /// <summary>dGELU/dx = Φ(x) + x·φ(x), one exponential for both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> GeluSlope(Vector256<float> x)
    {
        var gaussian = Gaussian(x);
        return Vector256.FusedMultiplyAdd(x * Vector256.Create(InvSqrt2Pi), gaussian, NormalCdf(x, gaussian));
    }

    private readonly struct GeluOp : Simd.IVectorOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => x * NormalCdf(x, Gaussian(x));
    }

    /// <summary>Up to three pinned buffers for a parallel elementwise kernel.</summary>
    private readonly unsafe struct Pair(float* a, float* b, float* c)
    {
        public readonly float* A = a, B = b, C = c;
    }
}
