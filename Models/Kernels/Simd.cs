using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GraphNav.Models.Kernels;

/// <summary>
/// Small vector helpers for the elementwise and row kernels (Vector256; the JIT maps it to AVX2,
/// or to scalar code on machines without it). Reductions have a fixed order for a given length
/// (8 lane-wise partial sums, then the lanes, then the tail), so the same row gives the same bits
/// wherever it sits in a batch. Elementwise functions give every element the same bits whatever
/// its index (tails go through the vector path too).
/// </summary>
internal static class Simd
{
    private const int W = 8; // floats per Vector256

    /// <summary>Σ a[i]·b[i] over the common length.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = a.Length, i = 0;
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        var acc = Vector256<float>.Zero;
        for (; i <= n - W; i += W)
            acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i), acc);
        float s = Vector256.Sum(acc);
        for (; i < n; i++) s += Unsafe.Add(ref pa, i) * Unsafe.Add(ref pb, i);
        return s;
    }

    /// <summary>Σ x[i].</summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        int n = x.Length, i = 0;
        ref float px = ref MemoryMarshal.GetReference(x);
        var acc = Vector256<float>.Zero;
        for (; i <= n - W; i += W) acc += Vector256.LoadUnsafe(ref px, (nuint)i);
        float s = Vector256.Sum(acc);
        for (; i < n; i++) s += Unsafe.Add(ref px, i);
        return s;
    }

    /// <summary>max x[i] (−∞ for an empty span).</summary>
    public static float Max(ReadOnlySpan<float> x)
    {
        int n = x.Length, i = 0;
        ref float px = ref MemoryMarshal.GetReference(x);
        float m = float.NegativeInfinity;
        if (n >= W)
        {
            var acc = Vector256.LoadUnsafe(ref px);
            for (i = W; i <= n - W; i += W) acc = Vector256.Max(acc, Vector256.LoadUnsafe(ref px, (nuint)i));
            for (int j = 0; j < W; j++) m = MathF.Max(m, acc[j]);
        }
        for (; i < n; i++) m = MathF.Max(m, Unsafe.Add(ref px, i));
        return m;
    }

    /// <summary>y[i] += a·x[i] (fused multiply-add per element).</summary>
    public static void Axpy(Span<float> y, float a, ReadOnlySpan<float> x)
    {
        int n = y.Length, i = 0;
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float px = ref MemoryMarshal.GetReference(x);
        var va = Vector256.Create(a);
        for (; i <= n - W; i += W)
            Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i))
                .StoreUnsafe(ref py, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref py, i) = MathF.FusedMultiplyAdd(a, Unsafe.Add(ref px, i), Unsafe.Add(ref py, i));
    }

    /// <summary>y[i] = fma(a, x[i], +0): what <see cref="Axpy"/> leaves in a zeroed y, bit for bit.</summary>
    public static void AxpyOntoZero(Span<float> y, float a, ReadOnlySpan<float> x)
    {
        int n = y.Length, i = 0;
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float px = ref MemoryMarshal.GetReference(x);
        var va = Vector256.Create(a);
        for (; i <= n - W; i += W)
            Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref px, (nuint)i), Vector256<float>.Zero).StoreUnsafe(ref py, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref py, i) = MathF.FusedMultiplyAdd(a, Unsafe.Add(ref px, i), 0f);
    }

    /// <summary>y[i] = a[i] + b[i] (y may alias a or b).</summary>
    public static void Add(Span<float> y, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = y.Length, i = 0;
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        for (; i <= n - W; i += W)
            (Vector256.LoadUnsafe(ref pa, (nuint)i) + Vector256.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref py, i) = Unsafe.Add(ref pa, i) + Unsafe.Add(ref pb, i);
    }

    /// <summary>y[i] += x[i].</summary>
    public static void AddInPlace(Span<float> y, ReadOnlySpan<float> x) => Add(y, y, x);

    /// <summary>y[i] = z[i] = 0 + x[i]: what <see cref="AddInPlace"/> leaves in zeroed y and z, bit for bit
    /// (a −0 becomes +0; the addition is not an identity in IEEE arithmetic, so it is not folded away).</summary>
    public static void AddToZeroTwice(Span<float> y, Span<float> z, ReadOnlySpan<float> x)
    {
        int n = y.Length, i = 0;
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float pz = ref MemoryMarshal.GetReference(z);
        ref float px = ref MemoryMarshal.GetReference(x);
        for (; i <= n - W; i += W)
        {
            var v = Vector256<float>.Zero + Vector256.LoadUnsafe(ref px, (nuint)i);
            v.StoreUnsafe(ref py, (nuint)i);
            v.StoreUnsafe(ref pz, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref py, i) = Unsafe.Add(ref pz, i) = 0f + Unsafe.Add(ref px, i);
    }

    /// <summary>y[i] = exp(x[i] − shift); returns Σ y. Every element uses the vector exp.</summary>
    public static float ExpShifted(Span<float> y, ReadOnlySpan<float> x, float shift)
    {
        int n = y.Length, i = 0;
        var vs = Vector256.Create(shift);
        var acc = Vector256<float>.Zero;
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float px = ref MemoryMarshal.GetReference(x);
        for (; i <= n - W; i += W)
        {
            var e = VectorExp.Exp(Vector256.LoadUnsafe(ref px, (nuint)i) - vs);
            e.StoreUnsafe(ref py, (nuint)i);
            acc += e;
        }
        float s = Vector256.Sum(acc);
        if (i < n)
        {
            Span<float> tail = stackalloc float[W];
            tail.Fill(shift);
            x[i..].CopyTo(tail);
            var e = VectorExp.Exp(Vector256.Create((ReadOnlySpan<float>)tail) - vs);
            for (int j = 0; i + j < n; j++)
            {
                Unsafe.Add(ref py, i + j) = e[j];
                s += e[j];
            }
        }
        return s;
    }

    /// <summary>y[i] = x[i]·a.</summary>
    public static void Scale(Span<float> y, ReadOnlySpan<float> x, float a)
    {
        int n = y.Length, i = 0;
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float px = ref MemoryMarshal.GetReference(x);
        var va = Vector256.Create(a);
        for (; i <= n - W; i += W) (Vector256.LoadUnsafe(ref px, (nuint)i) * va).StoreUnsafe(ref py, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref py, i) = Unsafe.Add(ref px, i) * a;
    }

    /// <summary>Applies a vector function to x, writing y; the tail is padded so every element takes the vector path.</summary>
    public static void Map<TOp>(Span<float> y, ReadOnlySpan<float> x, TOp op) where TOp : struct, IVectorOp
    {
        int n = y.Length, i = 0;
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float px = ref MemoryMarshal.GetReference(x);
        for (; i <= n - W; i += W)
            op.Apply(Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        if (i < n)
        {
            Span<float> tx = stackalloc float[W], ty = stackalloc float[W];
            tx.Clear();
            ty.Clear();
            x[i..n].CopyTo(tx);
            y[i..n].CopyTo(ty);
            op.Apply(Vector256.Create((ReadOnlySpan<float>)tx), Vector256.Create((ReadOnlySpan<float>)ty)).CopyTo(ty);
            ty[..(n - i)].CopyTo(y[i..]);
        }
    }

    /// <summary>Σ (x[i] − m)².</summary>
    public static float SumSquaredDeviation(ReadOnlySpan<float> x, float m)
    {
        int n = x.Length, i = 0;
        ref float px = ref MemoryMarshal.GetReference(x);
        var vm = Vector256.Create(m);
        var acc = Vector256<float>.Zero;
        for (; i <= n - W; i += W)
        {
            var d = Vector256.LoadUnsafe(ref px, (nuint)i) - vm;
            acc = Vector256.FusedMultiplyAdd(d, d, acc);
        }
        float s = Vector256.Sum(acc);
        for (; i < n; i++)
        {
            float d = Unsafe.Add(ref px, i) - m;
            s += d * d;
        }
        return s;
    }

    /// <summary>y[i] = (x[i] − m)·s·w[i] + b[i].</summary>
    public static void Normalize(Span<float> y, ReadOnlySpan<float> x, float m, float s, ReadOnlySpan<float> w, ReadOnlySpan<float> b)
    {
        int n = y.Length, i = 0;
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pw = ref MemoryMarshal.GetReference(w);
        ref float pb = ref MemoryMarshal.GetReference(b);
        var vm = Vector256.Create(m);
        var vs = Vector256.Create(s);
        for (; i <= n - W; i += W)
        {
            var norm = (Vector256.LoadUnsafe(ref px, (nuint)i) - vm) * vs;
            (norm * Vector256.LoadUnsafe(ref pw, (nuint)i) + Vector256.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref py, i) = (Unsafe.Add(ref px, i) - m) * s * Unsafe.Add(ref pw, i) + Unsafe.Add(ref pb, i);
    }

    /// <summary>An elementwise function of (x, current y) → new y.</summary>
    public interface IVectorOp
    {
        /// <summary>New value of y for input x.</summary>
        Vector256<float> Apply(Vector256<float> x, Vector256<float> y);
    }
}
