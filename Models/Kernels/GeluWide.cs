using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GraphNav.Models.Kernels;

/// <summary>
/// GELU's vector math (<see cref="Ops.GeluForward"/>, <see cref="Ops.GeluBackward"/>) sixteen lanes at
/// a time, for CPUs with 512-bit vectors: operation for operation the eight-lane functions in
/// Gelu.cs (the same constants, the same order of multiplications, the same fused multiply-adds and
/// an IEEE division), so every element gets the same bits in either width. A change to one must be
/// made to the other; GradientWriteTests and the gradient checks compare against the eight-lane path
/// through the ranges' tails.
/// </summary>
internal static unsafe class GeluWide
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;

    /// <summary>Lanes per vector.</summary>
    public const int W = 16;

    /// <summary>output[i] = GELU(input[i]) for i in [start, end) rounded down to whole vectors;
    /// returns where it stopped.</summary>
    public static int Forward(float* output, float* input, int start, int end)
    {
        int i = start;
        if (!Vector512.IsHardwareAccelerated) return i;
        for (; i <= end - W; i += W)
        {
            var x = Vector512.Load(input + i);
            (x * NormalCdf(x, Gaussian(x))).Store(output + i);
        }
        return i;
    }

    /// <summary>dinput[i] (+)= dout[i]·GELU'(input[i]) over whole vectors from start; returns where it stopped.</summary>
    public static int Backward(float* dinput, float* input, float* dout, int start, int end, bool overwrite)
    {
        int i = start;
        if (!Vector512.IsHardwareAccelerated) return i;
        for (; i <= end - W; i += W)
        {
            var acc = overwrite ? Vector512<float>.Zero : Vector512.Load(dinput + i);
            Vector512.FusedMultiplyAdd(Vector512.Load(dout + i), Slope(Vector512.Load(input + i)), acc).Store(dinput + i);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Gaussian(Vector512<float> x) => VectorExp.Exp(Vector512.Create(-0.5f) * x * x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> NormalCdf(Vector512<float> x, Vector512<float> gaussian)
    {
        var u = x * Vector512.Create(InvSqrt2);
        var t = Vector512<float>.One / Vector512.FusedMultiplyAdd(Vector512.Create(0.3275911f), Vector512.Abs(u), Vector512<float>.One);
        var poly = Vector512.Create(1.061405429f);
        poly = Vector512.FusedMultiplyAdd(poly, t, Vector512.Create(-1.453152027f));
        poly = Vector512.FusedMultiplyAdd(poly, t, Vector512.Create(1.421413741f));
        poly = Vector512.FusedMultiplyAdd(poly, t, Vector512.Create(-0.284496736f));
        poly = Vector512.FusedMultiplyAdd(poly, t, Vector512.Create(0.254829592f));
        var tail = Vector512.Create(0.5f) * poly * t * gaussian;
        return Vector512.ConditionalSelect(Vector512.LessThan(u, Vector512<float>.Zero), tail, Vector512<float>.One - tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Slope(Vector512<float> x)
    {
        var gaussian = Gaussian(x);
        return Vector512.FusedMultiplyAdd(x * Vector512.Create(InvSqrt2Pi), gaussian, NormalCdf(x, gaussian));
    }
}
