using System.Text.Json;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;
using GraphNav.Models.Training;

namespace GraphNav.Models.Tests;

/// <summary>
/// GptConfig.OutputSize: a per-token classifier head (untied Linear(C → OutputSize) with bias) in
/// place of the vocabulary head, as LEGO's encoder needs (docs/PHENOMENA.md §3).
/// </summary>
public class EncoderClassifierHeadTests
{
    private static GptConfig Classifier(int classes, bool causal = false, bool finalLn = true) => TestData.Tiny(causal: causal, finalLn: finalLn) with
    {
        OutputSize = classes,
    };

    /// <summary>Finite differences (<see cref="FiniteDifferences"/>) with the classifier head and its bias.</summary>
    [TestCase(2, false, true, TestName = "Encoder with a 2-class head")]
    [TestCase(3, true, true, TestName = "Decoder with a 3-class head")]
    [TestCase(3, true, false, TestName = "Decoder with a 3-class head, no final LayerNorm")]
    public void Backward_matches_finite_differences_with_a_classifier_head(int classes, bool causal, bool finalLn)
    {
        var config = Classifier(classes, causal, finalLn);
        const int B = 3, T = 7;
        var model = new GptModel(config, seed: 1, maxBatch: B);
        FiniteDifferences.Perturb(model, 98);
        int[] ids = TestData.Ids(B * T, config.VocabSize, 5);
        int[] targets = TestData.Ids(B * T, classes, 6);
        targets[1] = targets[5] = targets[12] = targets[19] = -1;

        Assert.That(model.Parameters.Find("lmheadb"), Is.Not.Null, "the classifier head has a bias");
        FiniteDifferences.AssertBackwardMatches(model, ids, targets, B, T);
    }

    [Test]
    public void Classifier_head_has_its_own_weight_and_bias_and_emits_OutputSize_logits()
    {
        var config = Classifier(2);
        var model = new GptModel(config, seed: 3, maxBatch: 2);
        var head = model.Parameters.LmHeadw;
        var bias = model.Parameters.LmHeadb;
        Assert.Multiple(() =>
        {
            Assert.That(head.Shape, Is.EqualTo(new[] { 2, config.Channels }));
            Assert.That(bias.Shape, Is.EqualTo(new[] { 2 }));
            Assert.That(bias.Span.ToArray(), Is.All.EqualTo(0f), "biases start at zero");
            Assert.That(model.Parameters.Data, Has.Length.EqualTo(GptParameters.CountFloats(config)));
            Assert.That(model.VocabSize, Is.EqualTo(2), "ITokenModel's logits per position");
            Assert.That(config.OutputWidth, Is.EqualTo(2));
        });
        int[] ids = TestData.Ids(2 * 7, config.VocabSize, 8);
        var logits = new float[2 * 7 * 2];
        model.Logits(ids, 2, 7, logits);
        // The bias enters every position: shifting it shifts every logit of that class.
        bias.Span[1] = 0.5f;
        var shifted = new float[logits.Length];
        model.Logits(ids, 2, 7, shifted);
        for (int i = 0; i < logits.Length; i++)
            Assert.That(shifted[i] - logits[i], Is.EqualTo(i % 2 == 1 ? 0.5f : 0f).Within(1e-5f), $"logit {i}");
        Assert.That(() => model.Logits(ids, 2, 7, new float[2 * 7 * config.VocabSize]), Throws.ArgumentException);
    }

    [Test]
    public void Targets_outside_the_classes_are_rejected_and_ids_still_use_the_vocabulary()
    {
        var config = Classifier(2);
        var model = new GptModel(config, seed: 3, maxBatch: 1);
        int[] ids = [0, 10, 3, 4, 5, 6, 7]; // id 10 < V = 11 is valid although ≥ OutputSize
        int[] targets = [0, 1, -1, -1, 1, 0, 2];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(ids, targets, 1, 7));
        Assert.That(e!.Message, Does.Contain("[0, 2)"));
        targets[6] = 1;
        Assert.That(float.IsFinite(model.Forward(ids, targets, 1, 7)), Is.True);
    }

    [Test]
    public void Invalid_classifier_configs_are_refused_with_the_field_named()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => (TestData.Tiny() with { OutputSize = -1 }).Validated(),
                Throws.ArgumentException.With.Message.Contains("OutputSize"));
            Assert.That(() => (TestData.Tiny(tied: true) with { OutputSize = 2 }).Validated(),
                Throws.ArgumentException.With.Message.Contains("TiedHead"));
            Assert.That(() => new GptKvCache(new GptModel(Classifier(2, causal: true), 1, 1), 1),
                Throws.ArgumentException.With.Message.Contains("classifier"));
        });
    }

    [Test]
    public void Default_config_json_is_unchanged_and_classifier_json_round_trips()
    {
        string plain = JsonSerializer.Serialize(TestData.Tiny());
        Assert.That(plain, Does.Not.Contain("OutputSize"), "configs without a classifier keep their old JSON (and cache keys)");
        var config = Classifier(2);
        var back = JsonSerializer.Deserialize<GptConfig>(JsonSerializer.Serialize(config));
        Assert.That(back, Is.EqualTo(config));
    }

    [Test]
    public void Checkpoint_carries_the_classifier_head()
    {
        var config = Classifier(2);
        var trainer = Trainer.Create(config, new TrainingConfig { Steps = 2, BatchSize = 2, Seed = 4, WarmupSteps = 0 });
        int[] ids = TestData.Ids(2 * 7, config.VocabSize, 9);
        int[] targets = TestData.Ids(2 * 7, 2, 10);
        trainer.TrainStep(ids, targets);
        trainer.TrainStep(ids, targets);
        Assert.That(trainer.Model.Parameters.LmHeadb.Span.ToArray(), Has.Some.Not.EqualTo(0f), "the bias was trained");
        string path = Path.Combine(Path.GetTempPath(), $"graphnav-classifier-{Environment.ProcessId}.safetensors");
        try
        {
            trainer.SaveCheckpoint(path);
            var resumed = Trainer.Resume(path);
            Assert.Multiple(() =>
            {
                Assert.That(resumed.Model.Config, Is.EqualTo(config));
                Assert.That(resumed.Model.Parameters.Data, Is.EqualTo(trainer.Model.Parameters.Data));
                Assert.That(resumed.Optimizer.M, Is.EqualTo(trainer.Optimizer.M));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }
}
