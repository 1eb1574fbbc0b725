namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>output = input · weightᵀ + bias (torch.nn.Linear). output [N,OC]; input [N,C];
    /// weight [OC,C]; bias [OC] or empty for no bias. The product runs on Gemm with its threads; the
    /// bias is added inside the same parallel region, each element's sum first, then its bias.</summary>
    public static void LinearForward(Span<float> output, ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int N, int C, int OC, int threads)
    {
        if (bias.IsEmpty)
            Gemm.MatMulNT(output[..(N * OC)], input[..(N * C)], weight[..(OC * C)], N, OC, C, accumulate: false, threads);
        else
            Gemm.MatMulNTBias(output[..(N * OC)], input[..(N * C)], weight[..(OC * C)], bias[..OC], N, OC, C, threads);
    }

    /// <summary>Forward was out = inp·Wᵀ + b, so dinp += dout·W; dW += doutᵀ·inp; db += Σₙ dout.
    /// dinput [N,C]; dweight [OC,C]; dbias [OC] or empty; dout [N,OC]; input [N,C]; weight [OC,C].
    /// <paramref name="dinputWrite"/> = Overwrite: dinp = dout·W (Gemm's chain starting from 0, the
    /// bits of accumulating into zeros). db is summed over rows n in order by the threads of the dW
    /// product, each for the output channels it owns (<see cref="Gemm.MatMulTNRowSums"/>): the same
    /// bits for any thread count, and no parallel region of its own.</summary>
    public static void LinearBackward(Span<float> dinput, Span<float> dweight, Span<float> dbias,
        ReadOnlySpan<float> dout, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        int N, int C, int OC, int threads, GradientWrite dinputWrite = GradientWrite.Accumulate)
    {
        Gemm.MatMulNN(dinput[..(N * C)], dout[..(N * OC)], weight[..(OC * C)], N, C, OC,
            accumulate: dinputWrite == GradientWrite.Accumulate, threads);
        if (dbias.IsEmpty)
            Gemm.MatMulTN(dweight[..(OC * C)], dout[..(N * OC)], input[..(N * C)], OC, C, N, accumulate: true, threads);
        else
            Gemm.MatMulTNRowSums(dweight[..(OC * C)], dout[..(N * OC)], input[..(N * C)], dbias[..OC], OC, C, N, threads);
    }
}
