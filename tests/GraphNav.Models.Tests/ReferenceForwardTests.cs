using System.Diagnostics;
using System.Globalization;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;

namespace GraphNav.Models.Tests;

/// <summary>
/// Checks the engine's forward against an independent implementation (llm.c's test_gpt2 idea):
/// Reference/nanogpt_forward.py recomputes logits and loss in double precision from the saved
/// checkpoint. Float32 against float64 over a few layers: agreement to 1e-5 is expected (observed
/// ~1e-6). Ignored when python3 is not installed.
/// </summary>
public class ReferenceForwardTests
{
    [Test]
    public void Logits_and_loss_match_the_python_reference_for_every_variant()
    {
        string dir = Path.Combine(Path.GetTempPath(), "graphnav-ref-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var variants = new[] { (false, true, true, true), (true, false, true, true), (false, true, false, false), (true, true, true, true) };
            foreach (var (tied, mlp, causal, lnf) in variants)
            {
                var model = new GptModel(TestData.Tiny(tied, mlp, causal, lnf), seed: 5, maxBatch: 3);
                var rng = new SeededRandom(9);
                foreach (var t in model.Parameters.All)
                    foreach (ref float x in t.Span) x += 0.3f * rng.NextNormal(); // far from init: a real test
                string name = Path.Combine(dir, $"tied{tied}-mlp{mlp}-causal{causal}-lnf{lnf}");
                GptCheckpoint.Save(name + ".safetensors", model);
                int[] ids = TestData.Ids(21, 11, 5), targets = TestData.Ids(21, 11, 6);
                targets[3] = -1;
                float loss = model.Forward(ids, targets, 3, 7);
                File.WriteAllLines(name + ".txt",
                [
                    string.Join(' ', ids), string.Join(' ', targets), loss.ToString("R", CultureInfo.InvariantCulture),
                    string.Join(' ', model.LastLogits.ToArray().Select(x => x.ToString("R", CultureInfo.InvariantCulture))),
                ]);
            }
            string[] lines = RunPython(Path.Combine(TestContext.CurrentContext.TestDirectory, "Reference", "nanogpt_forward.py"), dir);
            Assert.That(lines, Has.Length.EqualTo(variants.Length));
            Assert.Multiple(() =>
            {
                foreach (string line in lines)
                {
                    TestContext.Out.WriteLine(line);
                    string[] f = line.Split(' ');
                    double worst = double.Parse(f[1], CultureInfo.InvariantCulture);
                    double reference = double.Parse(f[2], CultureInfo.InvariantCulture), engine = double.Parse(f[3], CultureInfo.InvariantCulture);
                    Assert.That(worst, Is.LessThan(1e-5), f[0] + " logits");
                    Assert.That(engine, Is.EqualTo(reference).Within(1e-5), f[0] + " loss");
                }
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string[] RunPython(string script, string dir)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo("python3") { ArgumentList = { script, dir }, RedirectStandardOutput = true, RedirectStandardError = true })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("python3 is not installed; the reference comparison cannot run.");
            throw; // unreachable
        }
        using (process)
        {
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, "python reference failed: " + error);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
