using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Export.Tests;

/// <summary>Small engine models for the export tests: random weights everywhere, or a few AdamW steps.</summary>
internal static class GptTestModels
{
    /// <summary>A small decoder (2 layers, C 16, 2 heads, V 11, context 32) to vary.</summary>
    public static GptConfig Small { get; } = new GptConfig
    {
        VocabSize = 11, ContextLength = 32, Layers = 2, Heads = 2, Channels = 16,
    }.Validated();

    /// <summary>
    /// nanoGPT initialisation, then every parameter (LayerNorm scales and biases included, which the
    /// initialisation leaves at 1 and 0) moved by seeded N(0, 0.3²) noise so that each term of the
    /// forward contributes to the logits.
    /// </summary>
    public static GptModel Random(GptConfig config, ulong seed)
    {
        var model = new GptModel(config, seed);
        var random = new SeededRandom(seed + 1000);
        var data = model.Parameters.Data;
        for (int i = 0; i < data.Length; i++) data[i] += 0.3f * random.NextNormal();
        return model;
    }

    /// <summary>A model after <paramref name="steps"/> AdamW steps on random batches (batch 8, full context).</summary>
    public static GptModel Trained(GptConfig config, ulong seed, int steps = 5)
    {
        var trainer = Trainer.Create(config, new TrainingConfig
        {
            Steps = steps, BatchSize = 8, LearningRate = 1e-2f, MinLearningRate = 1e-3f, WarmupSteps = 0, Seed = seed,
        });
        var random = new SeededRandom(seed + 7);
        int n = 8 * config.ContextLength;
        var inputs = new int[n];
        var targets = new int[n];
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                inputs[i] = (int)(random.NextUInt64() % (ulong)config.VocabSize);
                targets[i] = (int)(random.NextUInt64() % (ulong)config.OutputWidth); // = VocabSize unless a classifier head
            }
            trainer.TrainStep(inputs, targets);
        }
        return trainer.Model;
    }

    /// <summary>Seeded token ids [batch, sequence] in [0, vocab).</summary>
    public static int[] Ids(int batch, int sequence, int vocab, ulong seed)
    {
        var random = new SeededRandom(seed);
        var ids = new int[batch * sequence];
        for (int i = 0; i < ids.Length; i++) ids[i] = (int)(random.NextUInt64() % (ulong)vocab);
        return ids;
    }

    /// <summary>
    /// The exporter's referee: for each (batch, sequence) size, ONNX Runtime's logits of the exported
    /// <paramref name="onnx"/> equal the engine's <paramref name="model"/> to 1e-4 (printed per size).
    /// </summary>
    public static void AssertOrtLogitsMatch(GptModel model, OnnxModel onnx, IEnumerable<(int Batch, int Sequence)> sizes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(sizes);
        var config = model.Config;
        foreach (var (b, t) in sizes)
        {
            var ids = Ids(b, t, config.VocabSize, (ulong)(b * 100 + t));
            var expected = new float[b * t * config.OutputWidth];   // [B, T, outputs]
            var actual = new float[expected.Length];
            model.Logits(ids, b, t, expected);
            onnx.Logits(ids, b, t, actual);
            float difference = MaxAbsDifference(actual, expected);
            TestContext.Out.WriteLine($"B={b} T={t}: max |ORT − engine| = {difference:E2}, max |logit| = {expected.Max(Math.Abs):F2}");
            Assert.That(difference, Is.LessThanOrEqualTo(1e-4f), $"B={b} T={t}");
        }
    }

    /// <summary>Largest |a − b| over two equally long arrays.</summary>
    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length), "length");
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
