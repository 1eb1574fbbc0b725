using GraphNav.Models.Kernels;

namespace GraphNav.Models.Tests;

public class GemmTests
{
    [Test]
    public void MatMulNT_multiplies_a_2x2_example()
    {
        float[] a = [1, 2, 3, 4], b = [5, 6, 7, 8], c = new float[4];
        Gemm.MatMulNT(c, a, b, 2, 2, 2, accumulate: false);
        Assert.That(c, Is.EqualTo(new float[] { 17, 23, 39, 53 }));
    }
}
