using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GraphNav.Models.Kernels;

/// <summary>
/// Per-thread packing buffers of <see cref="Gemm"/>, grown only when a larger shape arrives so
/// that steady-state calls allocate nothing. The arrays live on the pinned object heap, so the
/// 64-byte-aligned pointers handed out stay valid for the life of the buffer.
/// </summary>
internal sealed unsafe class GemmScratch
{
    [ThreadStatic] private static GemmScratch? t_current;

    private float[] _packedB = [];
    private float[] _packedA = [];
    private float[] _tile = [];
    private float[] _panelB = [];

    /// <summary>The calling thread's buffers.</summary>
    public static GemmScratch Current => t_current ??= new GemmScratch();

    /// <summary>Buffer for packed B panels (shared read-only with the worker threads of a call).</summary>
    public float* PackedB(long floats) => Aligned(ref _packedB, floats);

    /// <summary>Buffer for one packed A block (private to the thread that packs it).</summary>
    public float* PackedA(long floats) => Aligned(ref _packedA, floats);

    /// <summary>Buffer for one B panel slice a thread packs for its own use (weight gradients).</summary>
    public float* PanelB(long floats) => Aligned(ref _panelB, floats);

    /// <summary>A register tile's worth of C for partial edge tiles.</summary>
    public float* Tile() => Aligned(ref _tile, GemmMicroKernels.Mr * GemmMicroKernels.Nr);

    private static float* Aligned(ref float[] buffer, long floats)
    {
        const int AlignFloats = 16; // 64 bytes: one cache line, one zmm register
        if (buffer.Length < floats + AlignFloats)
        {
            long size = Math.Max(floats + AlignFloats, 2L * buffer.Length);
            if (size > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(floats), floats,
                    "Gemm packing buffer would exceed the largest array .NET can allocate.");
            // Zeroed, so lanes that are computed but never stored (edge padding) hold no
            // denormal or NaN garbage that could slow the arithmetic down.
            buffer = GC.AllocateArray<float>((int)size, pinned: true);
        }

        var start = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        nint misalignment = (nint)start & 63;
        return misalignment == 0 ? start : (float*)((byte*)start + (64 - misalignment));
    }
}
