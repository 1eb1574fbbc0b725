using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace GraphNav.Models.Kernels;

/// <summary>Which micro-kernel family runs the tiles of <see cref="Gemm"/>. All of them give
/// bit-identical results (see <see cref="GemmMicroKernels"/>); they differ only in speed.</summary>
internal enum GemmIsa
{
    /// <summary>Scalar fused multiply-adds (any CPU).</summary>
    Scalar,

    /// <summary>128-bit vectors with fused multiply-add (ARM64 AdvSimd, or x64 SSE with FMA3).</summary>
    Vector128,

    /// <summary>256-bit vectors with FMA3 (x64 AVX2 machines).</summary>
    Avx2,

    /// <summary>512-bit vectors (AVX-512F), with masked edge strips and a single-row kernel.</summary>
    Avx512,
}

/// <summary>Picks the fastest <see cref="GemmIsa"/> this CPU and runtime accelerate.</summary>
internal static class GemmIsaDetection
{
    /// <summary>The kernel family the public <see cref="Gemm"/> methods use.</summary>
    public static readonly GemmIsa Best =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmIsa.Avx512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmIsa.Avx2
        : Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.Arm64.IsSupported) ? GemmIsa.Vector128
        : GemmIsa.Scalar;

    /// <summary>Whether <paramref name="isa"/> runs accelerated here (tests run every such family).</summary>
    public static bool IsSupported(GemmIsa isa) => isa switch
    {
        GemmIsa.Avx512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        GemmIsa.Avx2 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        GemmIsa.Vector128 => Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.Arm64.IsSupported),
        _ => true,
    };
}
