using System.Diagnostics;
using GraphNav.Models.Gpt;
using GraphNav.Models.Kernels;
using GraphNav.Models.Training;

namespace GraphNav.Models.Tests;

[Explicit, Category("Scratch")]
public class ScratchProfile
{
    [Test]
    public void Profile()
    {
        int B = 256, T = 32;
        var model = new GptModel(GptConfig.PaperA(106), 0, B);
        var ids = TestData.Ids(B * T, 106, 1);
        var tg = TestData.Ids(B * T, 106, 2);
        var adam = new AdamW(model.Parameters);
        var cfg = new TrainingConfig();
        for (int i = 0; i < 3; i++) { model.Forward(ids, tg, B, T); model.ZeroGrad(); model.Backward(); }
        var sw = new Stopwatch();
        double f = 0, b = 0, o = 0;
        for (int i = 0; i < 10; i++)
        {
            sw.Restart(); model.Forward(ids, tg, B, T); f += sw.Elapsed.TotalMilliseconds;
            sw.Restart(); model.ZeroGrad(); model.Backward(); b += sw.Elapsed.TotalMilliseconds;
            sw.Restart(); AdamW.ClipGradientNorm(model.Gradients.Data, 1); adam.Step(model.Gradients, 1e-3f, cfg); o += sw.Elapsed.TotalMilliseconds;
        }
        TestContext.Out.WriteLine($"fwd {f/10:F1} ms, bwd {b/10:F1} ms, opt {o/10:F1} ms");
        // gemm only, forward shapes
        int N = B * T, C = 64;
        var x = new float[N * 4 * C]; var w = new float[4 * C * C]; var y = new float[N * 4 * C];
        var W106 = new float[106 * C];
        sw.Restart();
        for (int i = 0; i < 10; i++)
        {
            for (int l = 0; l < 2; l++)
            {
                Gemm.MatMulNT(y, x.AsSpan(0, N * C), w.AsSpan(0, 3 * C * C), N, 3 * C, C, false);
                Gemm.MatMulNT(y, x.AsSpan(0, N * C), w.AsSpan(0, C * C), N, C, C, false);
                Gemm.MatMulNT(y, x.AsSpan(0, N * C), w, N, 4 * C, C, false);
                Gemm.MatMulNT(y, x, w, N, C, 4 * C, false);
            }
            Gemm.MatMulNT(y, x.AsSpan(0, N * C), W106, N, 106, C, false);
        }
        TestContext.Out.WriteLine($"gemm fwd shapes {sw.Elapsed.TotalMilliseconds / 10:F1} ms");
        var a = new float[N * 4 * C]; var g = new float[N * 4 * C];
        sw.Restart();
        for (int i = 0; i < 10; i++) { Ops.GeluForward(g, a, N * 4 * C); Ops.GeluForward(g, a, N * 4 * C); }
        TestContext.Out.WriteLine($"gelu fwd x2 layers {sw.Elapsed.TotalMilliseconds / 10:F1} ms");
        var att = new float[B * 2 * T * T]; var qkv = new float[N * 3 * C]; var o2 = new float[N * C];
        sw.Restart();
        for (int i = 0; i < 10; i++) { Ops.AttentionForward(o2, att, qkv, B, T, C, 2, true, 1); Ops.AttentionForward(o2, att, qkv, B, T, C, 2, true, 1); }
        TestContext.Out.WriteLine($"attention fwd x2 layers {sw.Elapsed.TotalMilliseconds / 10:F1} ms");
        var ln = new float[N * C]; var mean = new float[N]; var rs = new float[N]; var lw = new float[C]; 
        sw.Restart();
        for (int i = 0; i < 10; i++) for (int k = 0; k < 5; k++) Ops.LayerNormForward(ln, mean, rs, o2, lw, lw, N, C, 1e-5f);
        TestContext.Out.WriteLine($"layernorm fwd x5 {sw.Elapsed.TotalMilliseconds / 10:F1} ms");
        var logits = new float[N * 106]; var probs = new float[N * 106]; var losses = new float[N];
        sw.Restart();
        for (int i = 0; i < 10; i++) Ops.CrossEntropyForward(losses, probs, logits, tg, N, 106);
        TestContext.Out.WriteLine($"crossentropy fwd {sw.Elapsed.TotalMilliseconds / 10:F1} ms");
    }
}
