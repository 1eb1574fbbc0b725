using GraphNav.Models.Kernels;

namespace GraphNav.Models.Tests;

/// <summary>
/// The register transposes behind NT packing and attention's key and value copies (16×16 with
/// AVX-512, 8×8 with AVX, element by element otherwise — whichever this CPU runs) against the
/// element-by-element definition, on sizes around the block edges: they only move values, so the
/// result must be exactly the definition's.
/// </summary>
public unsafe class TransposeTests
{
    [Test]
    public void Nt_packing_of_a_panel_equals_the_element_copy([Values(1, 7, 8, 9, 16, 17, 31, 32)] int cols)
    {
        const int Nr = GemmMicroKernels.Nr;
        foreach (int k in new[] { 1, 7, 8, 9, 16, 64, 67 })
        {
            int ld = k + 3, j0 = 2, rows = j0 + cols; // a weight [rows, ld]: B(p, j) = w[j·ld + p]
            var w = Enumerable.Range(0, rows * ld).Select(i => (float)(i * 0.37 - 11)).ToArray();
            var packed = Enumerable.Repeat(float.NaN, k * Nr).ToArray();
            fixed (float* pw = w, pp = packed)
                GemmPacking.PackB(pp, pw, 1, ld, j0, cols, k);
            for (int p = 0; p < k; p++)
                for (int jj = 0; jj < Nr; jj++)
                    Assert.That(packed[p * Nr + jj], Is.EqualTo(jj < cols ? w[(j0 + jj) * ld + p] : 0f),
                        $"cols {cols}, k {k}: element (p {p}, column {jj})");
        }
    }

    [Test]
    public void Attention_transpose_equals_the_element_copy_with_zero_padding([Values(1, 7, 8, 13, 16, 30, 60)] int rows)
    {
        foreach (int cols in new[] { 8, 12, 16, 32 })
        {
            int srcStride = 3 * cols + 1, dstStride = Ops.TransposedStride(rows);
            var src = Enumerable.Range(0, rows * srcStride).Select(i => (float)(i * 0.5 + 1)).ToArray();
            var dst = Enumerable.Repeat(float.NaN, cols * dstStride).ToArray();
            fixed (float* ps = src, pd = dst)
                AttentionMath.Transpose(pd, dstStride, ps, srcStride, rows, cols);
            for (int d = 0; d < cols; d++)
                for (int t = 0; t < dstStride; t++)
                    Assert.That(dst[d * dstStride + t], Is.EqualTo(t < rows ? src[t * srcStride + d] : 0f),
                        $"rows {rows}, cols {cols}: element (column {d}, row {t})");
        }
    }
}
