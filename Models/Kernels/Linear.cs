namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>output = input · weightᵀ + bias (torch.nn.Linear). output [N,OC]; input [N,C];
    /// weight [OC,C]; bias [OC] or empty for no bias. The product runs on Gemm with its threads.</summary>
    public static void LinearForward(Span<float> output, ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int N, int C, int OC, int threads)
    {
        Gemm.MatMulNT(output[..(N * OC)], input[..(N * C)], weight[..(OC * C)], N, OC, C, accumulate: false, threads);
        if (bias.IsEmpty) return;
        for (int n = 0; n < N; n++)
        {
            Simd.AddInPlace(output.Slice(n * OC, OC), bias[..OC]);
        }
    }

    /// <summary>Forward was out = inp·Wᵀ + b, so dinp += dout·W; dW += doutᵀ·inp; db += Σₙ dout.
    /// dinput [N,C]; dweight [OC,C]; dbias [OC] or empty; dout [N,OC]; input [N,C]; weight [OC,C].</summary>
    public static void LinearBackward(Span<float> dinput, Span<float> dweight, Span<float> dbias,
        ReadOnlySpan<float> dout, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        int N, int C, int OC, int threads)
    {
        Gemm.MatMulNN(dinput[..(N * C)], dout[..(N * OC)], weight[..(OC * C)], N, C, OC, accumulate: true, threads);
        Gemm.MatMulTN(dweight[..(OC * C)], dout[..(N * OC)], input[..(N * C)], OC, C, N, accumulate: true, threads);
        if (dbias.IsEmpty) return;
        for (int n = 0; n < N; n++)
        {
            Simd.AddInPlace(dbias[..OC], dout.Slice(n * OC, OC));
        }
    }
}
