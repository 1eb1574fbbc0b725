namespace GraphNav.Models.Kernels;

/// <summary>
/// The engine's layer kernels, one mirrored pair per file (Embedding.cs, LayerNorm.cs, Linear.cs,
/// Attention.cs, Gelu.cs, Residual.cs, CrossEntropy.cs), in llm.c's convention:
/// <c>XForward(out…, in…, dims)</c> caches what <c>XBackward(dIn…, dOut, cache…, dims)</c> needs;
/// backward ACCUMULATES (+=) into its gradient outputs, so callers zero them first — except that
/// the kernels that produce an activation gradient take a <see cref="GradientWrite"/>, with which the
/// first writer of a buffer overwrites it instead (the same bits, no zeroing pass).
/// Dimensions: B batch, T sequence, C channels, NH heads, HS head size, V vocabulary,
/// N = B·T rows, OC output channels. All tensors are row-major.
/// </summary>
public static partial class Ops;
