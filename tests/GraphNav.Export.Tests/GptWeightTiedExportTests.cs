using GraphNav.Export.Gpt;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Export.Tests;

/// <summary>
/// Export of weight-tied models (GptConfig.ShareLayers: one block's parameters applied Layers
/// times, B2): ORT's logits equal the engine's to 1e-4 for a tied encoder with the LEGO 2-class head
/// and for a tied decoder, and the exported config keeps ShareLayers.
/// </summary>
[TestFixture]
public sealed class GptWeightTiedExportTests
{
    private static readonly (int Batch, int Sequence)[] Sizes = [(1, 1), (3, 7), (4, 32)];

    private static GptConfig TiedEncoder => GptTestModels.Small with { Causal = false, TiedHead = false, OutputSize = 2, Layers = 3, ShareLayers = true };

    private static GptConfig TiedDecoder => GptTestModels.Small with { Layers = 3, ShareLayers = true };

    public static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData(TiedEncoder, false).SetArgDisplayNames("encoder", "random");
        yield return new TestCaseData(TiedEncoder, true).SetArgDisplayNames("encoder", "trained");
        yield return new TestCaseData(TiedDecoder, false).SetArgDisplayNames("decoder", "random");
        yield return new TestCaseData(TiedDecoder, true).SetArgDisplayNames("decoder", "trained");
    }

    [TestCaseSource(nameof(Models))]
    public void OrtLogitsMatchEngine(GptConfig config, bool trained)
    {
        // Training moves the shared block by the sum of every application's gradient: a wrong
        // block lookup in the export then shows up as a logit difference far above 1e-4.
        var model = trained ? Trained(config, 31) : GptTestModels.Random(config, 31);
        using var folder = new TempFolder();
        var path = folder.File("tied.onnx");
        GptOnnxExporter.Export(model, path);
        using var onnx = new OnnxModel(path);
        Assert.That(onnx.VocabSize, Is.EqualTo(config.OutputWidth), "logits per position");
        GptTestModels.AssertOrtLogitsMatch(model, onnx, Sizes);
    }

    [Test]
    public void ExportedConfigKeepsShareLayers()
    {
        var model = GptTestModels.Random(TiedEncoder, 5);
        using var folder = new TempFolder();
        var path = folder.File("tied.onnx");
        GptOnnxExporter.Export(model, path);
        using var onnx = new OnnxModel(path);
        Assert.That(GptOnnxExporter.ReadConfig(onnx.File), Is.EqualTo(model.Config));
    }

    [Test]
    public void TiedEncoderAttentionMapsMatchEngine()
    {
        var model = GptTestModels.Random(TiedEncoder, 8);
        using var folder = new TempFolder();
        var path = folder.File("tied-attn.onnx");
        GptOnnxExporter.Export(model, path, new GptExportOptions { IncludeAttentions = true });
        using var onnx = new OnnxGptModel(path);
        const int b = 2, t = 9;
        var ids = GptTestModels.Ids(b, t, model.Config.VocabSize, 77);
        var expected = new float[b * model.Config.Heads * t * t];
        var actual = new float[expected.Length];
        Assert.That(onnx.AttentionLayers, Is.EqualTo(3));
        for (int l = 0; l < 3; l++)
        {
            model.AttentionMaps(ids, b, t, l, expected);
            onnx.AttentionMaps(ids, b, t, l, actual);
            Assert.That(GptTestModels.MaxAbsDifference(actual, expected), Is.LessThanOrEqualTo(1e-5f), $"layer {l}");
        }
    }

    /// <summary>A few AdamW steps on random ids with random targets among the model's outputs.</summary>
    private static GptModel Trained(GptConfig config, ulong seed)
    {
        const int steps = 5, batch = 8;
        var trainer = Trainer.Create(config, new TrainingConfig
        {
            Steps = steps, BatchSize = batch, LearningRate = 1e-2f, MinLearningRate = 1e-3f, WarmupSteps = 0, Seed = seed,
        });
        var random = new SeededRandom(seed + 7);
        int n = batch * config.ContextLength;
        var inputs = new int[n];
        var targets = new int[n];
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                inputs[i] = (int)(random.NextUInt64() % (ulong)config.VocabSize);
                targets[i] = (int)(random.NextUInt64() % (ulong)config.OutputWidth);
            }
            trainer.TrainStep(inputs, targets);
        }
        return trainer.Model;
    }
}
