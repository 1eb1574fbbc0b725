using System.Runtime.Intrinsics;

namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>Per row: out = (x − mean)·rstd·w + b with rstd = 1/sqrt(var + eps) (biased variance,
    /// as torch.nn.LayerNorm). output, input [N,C]; mean, rstd [N] (cached for backward); w, b [C].
    /// Rows are independent, so splitting them over threads does not change the bits.</summary>
    public static unsafe void LayerNormForward(Span<float> output, Span<float> mean, Span<float> rstd,
        ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int N, int C, float eps, int threads = 1)
    {
        fixed (float* po = output, pm = mean, pr = rstd, px = input, pw = weight, pb = bias)
        {
            var s = new LayerNormPointers(po, pm, pr, px, pw, pb, C, eps);
            RowParallel.For(N, threads, 4 * C, s, static (in LayerNormPointers p, int start, int end) => LayerNormForwardRows(p, start, end));
        }
    }

    private static unsafe void LayerNormForwardRows(in LayerNormPointers p, int start, int end)
    {
        int C = p.C;
        var w = new ReadOnlySpan<float>(p.Weight, C);
        var b = new ReadOnlySpan<float>(p.Bias, C);
        for (int n = start; n < end; n++)
        {
            var x = new ReadOnlySpan<float>(p.Input + (long)n * C, C);
            float m = Simd.Sum(x) / C;
            float v = Simd.SumSquaredDeviation(x, m) / C;
            float s = 1f / MathF.Sqrt(v + p.Eps);
            Simd.Normalize(new Span<float>(p.Output + (long)n * C, C), x, m, s, w, b);
            p.Mean[n] = m;
            p.Rstd[n] = s;
        }
    }

    /// <summary>Backward of LayerNormForward. With norm = (x − mean)·rstd and dnorm = w·dout:
    /// dx += rstd·(dnorm − mean(dnorm) − norm·mean(dnorm·norm)); dw += Σₙ norm·dout; db += Σₙ dout.
    /// dinput, dout, input [N,C]; dweight, dbias, weight [C]; mean, rstd [N]. dw and db sum over
    /// rows in order, so this kernel stays on one thread.</summary>
    public static void LayerNormBackward(Span<float> dinput, Span<float> dweight, Span<float> dbias,
        ReadOnlySpan<float> dout, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int N, int C)
    {
        const int W = 8;
        Span<float> norm = stackalloc float[C];   // [C] normalised input of the row
        Span<float> dnorm = stackalloc float[C];  // [C] w·dout of the row
        for (int n = 0; n < N; n++)
        {
            var x = input.Slice(n * C, C);
            var d = dout.Slice(n * C, C);
            float m = mean[n], s = rstd[n];
            int i = 0;
            var vm = Vector256.Create(m);
            var vs = Vector256.Create(s);
            for (; i <= C - W; i += W)
            {
                var xn = (Vector256.Create(x[i..]) - vm) * vs;
                xn.CopyTo(norm[i..]);
                (Vector256.Create(weight[i..]) * Vector256.Create(d[i..])).CopyTo(dnorm[i..]);
            }
            for (; i < C; i++)
            {
                norm[i] = (x[i] - m) * s;
                dnorm[i] = weight[i] * d[i];
            }
            float dnormMean = Simd.Sum(dnorm) / C;
            float dnormNormMean = Simd.Dot(dnorm, norm) / C;
            var dx = dinput.Slice(n * C, C);
            for (i = 0; i < C; i++)
            {
                dbias[i] += d[i];
                dweight[i] += norm[i] * d[i];
                dx[i] += (dnorm[i] - dnormMean - norm[i] * dnormNormMean) * s;
            }
        }
    }

    /// <summary>Pinned buffers of one LayerNorm call.</summary>
    private readonly unsafe struct LayerNormPointers(float* output, float* mean, float* rstd, float* input,
        float* weight, float* bias, int c, float eps)
    {
        public readonly float* Output = output, Mean = mean, Rstd = rstd, Input = input, Weight = weight, Bias = bias;
        public readonly int C = c;
        public readonly float Eps = eps;
    }
}
