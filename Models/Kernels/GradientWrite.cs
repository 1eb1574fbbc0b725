namespace GraphNav.Models.Kernels;

/// <summary>
/// How a backward kernel writes an activation gradient it produces.
/// <see cref="Overwrite"/> is for the first writer of a buffer in a backward pass: it writes exactly
/// the bits that <see cref="Accumulate"/> would leave in a zeroed buffer (the same operations, the
/// accumulator starting at +0 instead of being loaded, so even a −0 term comes out as +0), without
/// the buffer having to be zeroed first — a pass over memory per buffer saved.
/// </summary>
public enum GradientWrite
{
    /// <summary>Add to what the buffer holds (+=), llm.c's convention.</summary>
    Accumulate,

    /// <summary>Write as if accumulating into zeros; what the buffer held is ignored.</summary>
    Overwrite,
}
