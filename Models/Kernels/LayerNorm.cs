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
        using var profile = KernelProfiler.Measure(KernelKind.LayerNormForward);
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
    /// dinput, dout, input [N,C]; dweight, dbias, weight [C]; mean, rstd [N]. Pass 1 splits rows
    /// over threads (dx); pass 2 splits columns and sums dw, db over rows in order, so the bits do
    /// not depend on the thread count. <paramref name="dinputWrite"/> = Overwrite: dx = 0 + (…)·rstd, the
    /// bits of accumulating into zeros (dw, db always accumulate).</summary>
    public static unsafe void LayerNormBackward(Span<float> dinput, Span<float> dweight, Span<float> dbias,
        ReadOnlySpan<float> dout, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int N, int C, int threads = 1,
        GradientWrite dinputWrite = GradientWrite.Accumulate)
    {
        using var profile = KernelProfiler.Measure(KernelKind.LayerNormBackward);
        fixed (float* pdx = dinput, pdw = dweight, pdb = dbias, pd = dout, px = input, pw = weight, pm = mean, pr = rstd)
        {
            var p = new LayerNormGradPointers(pdx, pdw, pdb, pd, px, pw, pm, pr, N, C, dinputWrite == GradientWrite.Overwrite);
            RowParallel.For(N, threads, 6 * C, p, static (in LayerNormGradPointers q, int start, int end) => LayerNormInputGradRows(q, start, end));
            RowParallel.For(C, threads, 4L * N, p, static (in LayerNormGradPointers q, int start, int end) => LayerNormParamGradColumns(q, start, end));
        }
    }

    private static unsafe void LayerNormInputGradRows(in LayerNormGradPointers p, int start, int end)
    {
        const int W = 8;
        int C = p.C;
        Span<float> norm = stackalloc float[C];   // [C] normalised input of the row
        Span<float> dnorm = stackalloc float[C];  // [C] w·dout of the row
        var weight = new ReadOnlySpan<float>(p.Weight, C);
        for (int n = start; n < end; n++)
        {
            var x = new ReadOnlySpan<float>(p.Input + (long)n * C, C);
            var d = new ReadOnlySpan<float>(p.DOut + (long)n * C, C);
            float m = p.Mean[n], s = p.Rstd[n];
            int i = 0;
            var vm = Vector256.Create(m);
            var vs = Vector256.Create(s);
            for (; i <= C - W; i += W)
            {
                ((Vector256.Create(x[i..]) - vm) * vs).CopyTo(norm[i..]);
                (Vector256.Create(weight[i..]) * Vector256.Create(d[i..])).CopyTo(dnorm[i..]);
            }
            for (; i < C; i++)
            {
                norm[i] = (x[i] - m) * s;
                dnorm[i] = weight[i] * d[i];
            }
            float dnormMean = Simd.Sum(dnorm) / C;
            float dnormNormMean = Simd.Dot(dnorm, norm) / C;
            float* dx = p.DInput + (long)n * C;
            var vdm = Vector256.Create(dnormMean);
            var vdnm = Vector256.Create(dnormNormMean);
            // Overwrite: the accumulator starts at +0 instead of the stored value (same bits as += into zeros).
            bool overwrite = p.OverwriteInput;
            for (i = 0; i <= C - W; i += W)
            {
                var acc = overwrite ? Vector256<float>.Zero : Vector256.Load(dx + i);
                (acc + (Vector256.Create(dnorm[i..]) - vdm - Vector256.Create(norm[i..]) * vdnm) * vs).Store(dx + i);
            }
            for (; i < C; i++) dx[i] = (overwrite ? 0f : dx[i]) + (dnorm[i] - dnormMean - norm[i] * dnormNormMean) * s;
        }
    }

    private static unsafe void LayerNormParamGradColumns(in LayerNormGradPointers p, int start, int end)
    {
        // Each column sums its rows in row order with the same operations in a vector lane or in
        // the scalar tail, so the bits do not depend on where a column's range starts.
        const int W = 8;
        int C = p.C, i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            // 64 columns per sweep over the rows (16 with the rest): a row's columns are read in
            // whole cache lines, and eight chains are in flight instead of two. Same per-lane
            // operations as the eight-lane loop below.
            for (; i <= end - 64; i += 64) ParamGradColumns64(p, i);
            for (; i <= end - 16; i += 16)
            {
                var db = Vector512.Load(p.DBias + i);
                var dw = Vector512.Load(p.DWeight + i);
                float* x = p.Input + i, d = p.DOut + i;
                for (int n = 0; n < p.N; n++, x += C, d += C)
                {
                    var dn = Vector512.Load(d);
                    db += dn;
                    dw += (Vector512.Load(x) - Vector512.Create(p.Mean[n])) * Vector512.Create(p.Rstd[n]) * dn;
                }
                db.Store(p.DBias + i);
                dw.Store(p.DWeight + i);
            }
        }
        for (; i <= end - W; i += W)
        {
            var db = Vector256.Load(p.DBias + i);
            var dw = Vector256.Load(p.DWeight + i);
            float* x = p.Input + i, d = p.DOut + i;
            for (int n = 0; n < p.N; n++, x += C, d += C)
            {
                var dn = Vector256.Load(d);
                db += dn;
                dw += (Vector256.Load(x) - Vector256.Create(p.Mean[n])) * Vector256.Create(p.Rstd[n]) * dn;
            }
            db.Store(p.DBias + i);
            dw.Store(p.DWeight + i);
        }
        for (; i < end; i++)
        {
            float db = p.DBias[i], dw = p.DWeight[i];
            for (int n = 0; n < p.N; n++)
            {
                float d = p.DOut[(long)n * C + i];
                db += d;
                dw += (p.Input[(long)n * C + i] - p.Mean[n]) * p.Rstd[n] * d;
            }
            p.DBias[i] = db;
            p.DWeight[i] = dw;
        }
    }

    /// <summary>dbias, dweight of columns [i, i + 64): LayerNormParamGradColumns' chains, four vectors at a time.</summary>
    private static unsafe void ParamGradColumns64(in LayerNormGradPointers p, int i)
    {
        int C = p.C;
        var db0 = Vector512.Load(p.DBias + i); var db1 = Vector512.Load(p.DBias + i + 16);
        var db2 = Vector512.Load(p.DBias + i + 32); var db3 = Vector512.Load(p.DBias + i + 48);
        var dw0 = Vector512.Load(p.DWeight + i); var dw1 = Vector512.Load(p.DWeight + i + 16);
        var dw2 = Vector512.Load(p.DWeight + i + 32); var dw3 = Vector512.Load(p.DWeight + i + 48);
        float* x = p.Input + i, d = p.DOut + i;
        for (int n = 0; n < p.N; n++, x += C, d += C)
        {
            var m = Vector512.Create(p.Mean[n]);
            var s = Vector512.Create(p.Rstd[n]);
            var d0 = Vector512.Load(d); var d1 = Vector512.Load(d + 16);
            var d2 = Vector512.Load(d + 32); var d3 = Vector512.Load(d + 48);
            db0 += d0; db1 += d1; db2 += d2; db3 += d3;
            dw0 += (Vector512.Load(x) - m) * s * d0;
            dw1 += (Vector512.Load(x + 16) - m) * s * d1;
            dw2 += (Vector512.Load(x + 32) - m) * s * d2;
            dw3 += (Vector512.Load(x + 48) - m) * s * d3;
        }
        db0.Store(p.DBias + i); db1.Store(p.DBias + i + 16); db2.Store(p.DBias + i + 32); db3.Store(p.DBias + i + 48);
        dw0.Store(p.DWeight + i); dw1.Store(p.DWeight + i + 16); dw2.Store(p.DWeight + i + 32); dw3.Store(p.DWeight + i + 48);
    }

    /// <summary>Pinned buffers of one LayerNorm backward call.</summary>
    private readonly unsafe struct LayerNormGradPointers(float* dinput, float* dweight, float* dbias, float* dout,
        float* input, float* weight, float* mean, float* rstd, int n, int c, bool overwriteInput)
    {
        public readonly float* DInput = dinput, DWeight = dweight, DBias = dbias, DOut = dout;
        public readonly float* Input = input, Weight = weight, Mean = mean, Rstd = rstd;
        public readonly int N = n, C = c;
        public readonly bool OverwriteInput = overwriteInput;
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
