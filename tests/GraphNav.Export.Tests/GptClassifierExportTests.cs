using GraphNav.Export.Gpt;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Export.Tests;

/// <summary>
/// Export of an encoder with a per-token classifier head (GptConfig.OutputSize, LEGO's 2-class
/// head): logits [batch, sequence, OutputSize] from ORT equal the engine's to 1e-4.
/// </summary>
[TestFixture]
public sealed class GptClassifierExportTests
{
    private static readonly (int Batch, int Sequence)[] Sizes = [(1, 1), (3, 7), (16, 32)];

    private static GptConfig Encoder(int classes) => GptTestModels.Small with { Causal = false, TiedHead = false, OutputSize = classes };

    [TestCase(2, false)]
    [TestCase(2, true)]
    [TestCase(3, true)]
    public void OrtClassifierLogitsMatchEngine(int classes, bool trained)
    {
        var config = Encoder(classes);
        var model = trained ? Trained(config, 21) : GptTestModels.Random(config, 21);
        using var folder = new TempFolder();
        var path = folder.File("encoder.onnx");
        GptOnnxExporter.Export(model, path);
        using var onnx = new OnnxModel(path);
        Assert.Multiple(() =>
        {
            Assert.That(onnx.VocabSize, Is.EqualTo(classes), "logits per position");
            Assert.That(onnx.InputVocabSize, Is.EqualTo(config.VocabSize), "token ids the embedding reads");
        });
        GptTestModels.AssertOrtLogitsMatch(model, onnx, Sizes);
    }

    [Test]
    public void ExportedConfigRoundTripsTheOutputSize()
    {
        var model = GptTestModels.Random(Encoder(2), 5);
        using var folder = new TempFolder();
        var path = folder.File("encoder.onnx");
        GptOnnxExporter.Export(model, path);
        using var onnx = new OnnxModel(path);
        Assert.That(GptOnnxExporter.ReadConfig(onnx.File), Is.EqualTo(model.Config));
    }

    /// <summary>A few AdamW steps on random ids with random class targets (half the positions ignored).</summary>
    private static GptModel Trained(GptConfig config, ulong seed)
    {
        var trainer = Trainer.Create(config, new TrainingConfig
        {
            Steps = 5, BatchSize = 8, LearningRate = 1e-2f, MinLearningRate = 1e-3f, WarmupSteps = 0, Seed = seed,
        });
        var random = new SeededRandom(seed + 7);
        int n = 8 * config.ContextLength;
        var inputs = new int[n];
        var targets = new int[n];
        for (int s = 0; s < 5; s++)
        {
            for (int i = 0; i < n; i++)
            {
                inputs[i] = (int)(random.NextUInt64() % (ulong)config.VocabSize);
                targets[i] = i % 2 == 0 ? -1 : (int)(random.NextUInt64() % (ulong)config.OutputSize);
            }
            trainer.TrainStep(inputs, targets);
        }
        return trainer.Model;
    }
}
