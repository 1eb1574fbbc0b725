namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>Per row: out = (x − mean)·rstd·w + b with rstd = 1/sqrt(var + eps) (biased variance,
    /// as torch.nn.LayerNorm). output, input [N,C]; mean, rstd [N] (cached for backward); w, b [C].</summary>
    public static void LayerNormForward(Span<float> output, Span<float> mean, Span<float> rstd,
        ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int N, int C, float eps)
    {
        for (int n = 0; n < N; n++)
        {
            var x = input.Slice(n * C, C);
            float m = 0;
            for (int i = 0; i < C; i++) m += x[i];
            m /= C;
            float v = 0;
            for (int i = 0; i < C; i++)
            {
                float d = x[i] - m;
                v += d * d;
            }
            v /= C;
            float s = 1f / MathF.Sqrt(v + eps);
            var o = output.Slice(n * C, C);
            for (int i = 0; i < C; i++) o[i] = (x[i] - m) * s * weight[i] + bias[i];
            mean[n] = m;
            rstd[n] = s;
        }
    }

    /// <summary>Backward of LayerNormForward. With norm = (x − mean)·rstd and dnorm = w·dout:
    /// dx += rstd·(dnorm − mean(dnorm) − norm·mean(dnorm·norm)); dw += norm·dout; db += dout.
    /// dinput, dout, input [N,C]; dweight, dbias, weight [C]; mean, rstd [N].</summary>
    public static void LayerNormBackward(Span<float> dinput, Span<float> dweight, Span<float> dbias,
        ReadOnlySpan<float> dout, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int N, int C)
    {
        for (int n = 0; n < N; n++)
        {
            var x = input.Slice(n * C, C);
            var d = dout.Slice(n * C, C);
            float m = mean[n], s = rstd[n];
            float dnormMean = 0, dnormNormMean = 0;
            for (int i = 0; i < C; i++)
            {
                float norm = (x[i] - m) * s;
                float dnorm = weight[i] * d[i];
                dnormMean += dnorm;
                dnormNormMean += dnorm * norm;
            }
            dnormMean /= C;
            dnormNormMean /= C;
            var dx = dinput.Slice(n * C, C);
            for (int i = 0; i < C; i++)
            {
                float norm = (x[i] - m) * s;
                float dnorm = weight[i] * d[i];
                dbias[i] += d[i];
                dweight[i] += norm * d[i];
                dx[i] += (dnorm - dnormMean - norm * dnormNormMean) * s;
            }
        }
    }
}
