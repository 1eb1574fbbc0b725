using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Lego;
using GraphNav.Models;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Tests;

/// <summary>LegoBatchSource, LegoTrainingPlan (cache key, training, cache round trip) and LegoEvaluation.</summary>
public class LegoTrainingTests
{
    private static LegoTrainingPlan TinyPlan(int seed = 0, int steps = 4) =>
        LegoTrainingPlan.Encoder(LegoSpec.Create(3, 1, seed: seed, testSize: 40), layers: 1, channels: 16, heads: 2,
            steps: steps, batch: 8, learningRate: 1e-3f);

    [Test]
    public void Batch_source_emits_consecutive_training_sentences()
    {
        var generator = new LegoGenerator(LegoSpec.Create(4, 2, seed: 3));
        var source = new LegoBatchSource(generator);
        int t = generator.Spec.ContextLength;
        var inputs = new int[2 * 3 * t];
        var targets = new int[2 * 3 * t];
        source.Next(inputs.AsSpan(0, 3 * t), targets.AsSpan(0, 3 * t), 3, t);
        source.Next(inputs.AsSpan(3 * t), targets.AsSpan(3 * t), 3, t);
        var expectedInputs = new int[6 * t];
        var expectedTargets = new int[6 * t];
        new LegoBatchBuilder(generator).FillTrain(0, 6, expectedInputs, expectedTargets);
        Assert.Multiple(() =>
        {
            Assert.That(inputs, Is.EqualTo(expectedInputs));
            Assert.That(targets, Is.EqualTo(expectedTargets));
            Assert.That(source.NextSentence, Is.EqualTo(6));
            Assert.That(targets.Count(x => x >= 0), Is.EqualTo(6 * 2), "k = 2 supervised tokens per sentence");
        });
        Assert.That(() => source.Next(inputs, targets, 1, t + 1), Throws.ArgumentException.With.Message.Contains("context_length"));
    }

    [Test]
    public void Cache_key_covers_spec_model_training_and_ignores_threads()
    {
        var plan = TinyPlan();
        Assert.Multiple(() =>
        {
            Assert.That((plan with { Training = plan.Training with { Threads = 2 } }).CacheKey(), Is.EqualTo(plan.CacheKey()));
            Assert.That(TinyPlan(seed: 1).CacheKey(), Is.Not.EqualTo(plan.CacheKey()), "seed");
            Assert.That(TinyPlan(steps: 5).CacheKey(), Is.Not.EqualTo(plan.CacheKey()), "steps");
            Assert.That((plan with { Task = plan.Task with { Shuffled = false } }).CacheKey(), Is.Not.EqualTo(plan.CacheKey()), "clause order");
            Assert.That((plan with { Model = plan.Model with { Heads = 1 } }).CacheKey(), Is.Not.EqualTo(plan.CacheKey()), "model");
            Assert.That((plan with { Model = plan.Model with { ShareLayers = true } }).CacheKey(), Is.Not.EqualTo(plan.CacheKey()), "weight tying");
            Assert.That(plan.TrainingTokens, Is.EqualTo(4L * 8 * 15));
        });
    }

    [Test]
    public void Plans_that_cannot_train_a_lego_encoder_are_refused()
    {
        var plan = TinyPlan();
        Assert.Multiple(() =>
        {
            Assert.That(() => (plan with { Model = plan.Model with { Causal = true } }).Train(), Throws.ArgumentException.With.Message.Contains("Causal"));
            Assert.That(() => (plan with { Model = plan.Model with { OutputSize = 3 } }).Train(), Throws.ArgumentException.With.Message.Contains("OutputSize"));
            Assert.That(() => (plan with { Model = plan.Model with { VocabSize = 10 } }).Train(), Throws.ArgumentException.With.Message.Contains("vocabulary"));
        });
    }

    [Test]
    public void Get_or_train_trains_once_and_loads_the_same_weights()
    {
        var dir = Directory.CreateTempSubdirectory("graphnav-lego-test").FullName;
        try
        {
            var cache = new ModelCache(dir);
            var plan = TinyPlan();
            var trained = plan.GetOrTrain(cache);
            var loaded = plan.GetOrTrain(cache);
            var direct = plan.Train().Model;
            Assert.Multiple(() =>
            {
                Assert.That(Directory.GetFiles(dir, "*.safetensors"), Has.Length.EqualTo(1));
                Assert.That(loaded.Parameters.Data, Is.EqualTo(trained.Parameters.Data));
                Assert.That(direct.Parameters.Data, Is.EqualTo(trained.Parameters.Data), "training is deterministic");
                Assert.That(trained.Config.OutputSize, Is.EqualTo(2));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void A_weight_tied_plan_trains_one_shared_block()
    {
        var plan = LegoTrainingPlan.Encoder(LegoSpec.Create(3, 1, seed: 0, testSize: 40), layers: 3, channels: 16, heads: 2,
            steps: 3, batch: 8, learningRate: 1e-3f, shareLayers: true);
        var model = plan.Train().Model;
        Assert.Multiple(() =>
        {
            Assert.That(model.Config.ShareLayers, Is.True);
            Assert.That(model.Parameters.Qkvw.Shape[0], Is.EqualTo(1));
            Assert.That(LegoEvaluation.Evaluate(model, new LegoGenerator(plan.Task).TestSet(), plan.Task.ContextLength), Has.Length.EqualTo(40));
        });
    }

    [Test]
    public void Evaluation_of_a_shortcut_oracle_is_exact_on_positions_one_and_two_and_agrees_everywhere()
    {
        var spec = LegoSpec.Create(6, 2, seed: 5, testSize: 300);
        var sentences = new LegoGenerator(spec).TestSet();
        var outcomes = LegoEvaluation.Evaluate(new ShortcutOracle(sentences, spec.ContextLength), sentences, spec.ContextLength, batch: 64);
        var bySeed = new IReadOnlyList<LegoOutcome>[] { outcomes };
        Assert.Multiple(() =>
        {
            for (int p = 1; p <= 6; p++)
                Assert.That(LegoEvaluation.ShortcutAgreement(bySeed, p).Mean, Is.EqualTo(1.0), $"agreement at {p}");
            Assert.That(LegoEvaluation.Accuracy(bySeed, 1).Mean, Is.EqualTo(1.0));
            Assert.That(LegoEvaluation.Accuracy(bySeed, 2).Mean, Is.EqualTo(1.0));
            var later = LegoEvaluation.Accuracy(bySeed, 3, 6);
            Assert.That(later.Mean, Is.InRange(0.4, 0.6), "the shortcut is at chance beyond position 2");
            Assert.That(later.Low, Is.LessThan(later.Mean));
            Assert.That(later.High, Is.GreaterThan(later.Mean));
        });
    }

    [Test]
    public void Evaluation_refuses_a_vocabulary_head()
    {
        var plan = TinyPlan();
        var decoder = new Models.Gpt.GptModel(plan.Model with { OutputSize = 0 }, 1);
        Assert.That(() => LegoEvaluation.Evaluate(decoder, new LegoGenerator(plan.Task).TestSet(), plan.Task.ContextLength),
            Throws.ArgumentException.With.Message.Contains("1 or 2 logits"));
    }

    /// <summary>A 2-logit model that answers the shortcut label at every left-hand token of the
    /// sentence whose ids it is given (looked up by content), and 0 elsewhere.</summary>
    private sealed class ShortcutOracle(IReadOnlyList<LegoSentence> sentences, int context) : ITokenModel
    {
        private readonly Dictionary<string, LegoSentence> _byIds = sentences.ToDictionary(s => string.Join(',', s.Ids.ToArray()));

        public int VocabSize => 2;

        public int? ContextLength => context;

        public void Logits(ReadOnlySpan<int> ids, int batch, int sequence, Span<float> logits)
        {
            logits.Clear();
            for (int b = 0; b < batch; b++)
            {
                var row = ids.Slice(b * sequence, sequence);
                int length = row.IndexOf(LegoTokens.Pad) is var pad && pad >= 0 ? pad : sequence;
                var sentence = _byIds[string.Join(',', row[..length].ToArray())];
                for (int c = 0; c < sentence.Variables; c++)
                    logits[(b * sequence + LegoSentence.VariableToken(c)) * 2 + LegoShortcutProbe.ShortcutLabel(sentence, c)] = 1f;
            }
        }
    }
}
