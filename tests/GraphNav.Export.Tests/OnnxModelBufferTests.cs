using GraphNav.Export.Onnx;

namespace GraphNav.Export.Tests;

/// <summary>
/// OnnxModel keeps its input buffers between Logits calls: calls with growing and shrinking shapes
/// give the same logits as a fresh model, and a repeated call allocates less than its inputs' size;
/// RunOutput feeds the same inputs and reads any float output by name.
/// </summary>
public sealed class OnnxModelBufferTests
{
    private TempFolder folder = null!;
    private TinyModels models = null!;

    [SetUp]
    public void SetUp()
    {
        folder = new TempFolder();
        models = new TinyModels(seed: 11);
    }

    [TearDown]
    public void TearDown() => folder.Dispose();

    [TestCase(OnnxElementType.Int64, false)]
    [TestCase(OnnxElementType.Int32, false)]
    [TestCase(OnnxElementType.Int64, true)]
    public void ShapesThatGrowAndShrinkGiveTheExpectedLogits(OnnxElementType idType, bool maskAndPositions)
    {
        var path = folder.File("bigram.onnx");
        models.Bigram(idType, withMaskAndPositions: maskAndPositions).Save(path);
        using var model = new OnnxModel(path);
        // Small, large, small again, then a different sequence length: stale buffer contents
        // (ids, mask or positions of the larger call) would change the logits.
        foreach (var (batch, sequence) in new[] { (1, 3), (4, 6), (2, 2), (3, 5) })
        {
            var ids = new int[batch * sequence];
            for (int i = 0; i < ids.Length; i++) ids[i] = (i * 5 + batch) % TinyModels.Vocab;
            var logits = new float[ids.Length * TinyModels.Vocab];
            model.Logits(ids, batch, sequence, logits);
            Assert.That(logits, Is.EqualTo(models.Expected(ids, sequence, withPositions: maskAndPositions)).Within(1e-5f), $"B={batch} T={sequence}");
        }
    }

    [Test]
    public void RepeatedCallsDoNotReallocateTheInputs()
    {
        var path = folder.File("positions.onnx");
        models.Bigram(withMaskAndPositions: true).Save(path);
        using var model = new OnnxModel(path);
        const int batch = 512, sequence = 6; // the tiny model has 6 positions
        var ids = new int[batch * sequence];
        var logits = new float[ids.Length * TinyModels.Vocab];
        model.Logits(ids, batch, sequence, logits); // grows the buffers
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Logits(ids, batch, sequence, logits);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Three int64 inputs of B·T = 3072 values are 72 KiB; per-call bookkeeping (lists, shapes) is far below that.
        TestContext.Out.WriteLine($"allocated {allocated} bytes in a repeated Logits call");
        Assert.That(allocated, Is.LessThan(3 * 8 * ids.Length / 4));
    }

    [Test]
    public void RunOutputCopiesANamedOutputAndRefusesUnknownNamesAndWrongSizes()
    {
        var path = folder.File("bigram.onnx");
        models.Bigram().Save(path);
        using var model = new OnnxModel(path);
        int[] ids = [1, 2, 3];
        var expected = new float[ids.Length * TinyModels.Vocab];
        model.Logits(ids, 1, 3, expected);
        var actual = new float[expected.Length];
        var shape = model.RunOutput(ids, 1, 3, model.LogitsOutput, actual);
        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(shape, Is.EqualTo(new long[] { 1, 3, TinyModels.Vocab }));
            Assert.That(() => model.RunOutput(ids, 1, 3, "attentions.0", actual),
                Throws.ArgumentException.With.Message.Contains("no output 'attentions.0'"));
            Assert.That(() => model.RunOutput(ids, 1, 3, model.LogitsOutput, new float[5]),
                Throws.ArgumentException.With.Message.Contains("destination has 5 elements"));
        });
    }
}
