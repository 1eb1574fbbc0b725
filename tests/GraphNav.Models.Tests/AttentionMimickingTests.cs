using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Models.Tests;

/// <summary>Attention mimicking (docs/PHENOMENA.md §3 B3): a KL loss pulling chosen heads toward target maps.</summary>
public class AttentionMimickingTests
{
    private static readonly int[] Sentence = [3, 7, 3, 1, 7, 3, 9];

    /// <summary>V 11, T 7, 2 layers, C 8, 4 heads (HS 2), 2-class head.</summary>
    private static GptConfig Model(bool causal = false, bool shared = false) => TestData.Tiny(causal: causal) with
    {
        Heads = 4, OutputSize = 2, ShareLayers = shared,
    };

    [TestCase(false, false, TestName = "Mimicking: task loss + KL, encoder")]
    [TestCase(false, true, TestName = "Mimicking: task loss + KL, weight-tied encoder")]
    [TestCase(true, false, TestName = "Mimicking: task loss + KL, causal decoder")]
    public void Backward_of_task_plus_attention_loss_matches_finite_differences(bool causal, bool shared)
    {
        var config = Model(causal, shared);
        const int B = 2, T = 7;
        var model = new GptModel(config, seed: 8, maxBatch: B);
        FiniteDifferences.Perturb(model, 23);
        int[] ids = [.. Sentence, .. TestData.Ids(T, config.VocabSize, 3)];
        int[] targets = TestData.Ids(B * T, 2, 4);
        IAttentionTargets attention = causal ? new CausalUniformTargets(config.Layers) : new FixedMapTargets(config.Layers);
        FiniteDifferences.AssertBackwardMatches(model, m => m.Forward(ids, targets, B, T, attention, weight: 0.7f));
    }

    [Test]
    public void Attention_loss_is_the_mean_row_kl_to_the_targets()
    {
        var config = Model();
        const int B = 2, T = 7;
        var model = new GptModel(config, seed: 2, maxBatch: B);
        FiniteDifferences.Perturb(model, 5);
        int[] ids = [.. Sentence, .. Sentence.Reverse()];
        var targets = new FixedMapTargets(config.Layers);
        float loss = model.Forward(ids, ReadOnlySpan<int>.Empty, B, T, targets, weight: 2f);

        double sum = 0; // the definition, in double: mean over (head, b, query) rows of Σ p·ln(p/a)
        var map = new float[B * T * T];
        foreach (var head in targets.Heads)
        {
            targets.Fill(head, ids, B, T, map);
            var att = model.LastAttention(head.Layer);
            for (int b = 0; b < B; b++)
                for (int i = 0; i < T * T; i++)
                {
                    double p = map[b * T * T + i], a = att[(b * config.Heads + head.Head) * T * T + i];
                    if (p > 0) sum += p * Math.Log(p / a);
                }
        }
        double expected = 2 * sum / (targets.Heads.Count * B * T);
        Assert.Multiple(() =>
        {
            Assert.That(loss, Is.EqualTo(expected).Within(1e-5 * expected));
            Assert.That(model.LastAttentionLoss, Is.EqualTo(loss), "no task loss without targets");
            Assert.That(expected, Is.GreaterThan(0.1), "random heads are far from the maps");
        });
    }

    [Test]
    public void Attention_loss_alone_reaches_only_what_lies_below_the_target_scores()
    {
        // Targets on layer 0 only: the gradient must reach layer 0's q, k (and the embeddings below),
        // but not the values, the projections, the MLPs or the head.
        var config = Model() with { Layers = 1 };
        var model = new GptModel(config, seed: 3, maxBatch: 1);
        FiniteDifferences.Perturb(model, 9);
        model.Forward(Sentence, ReadOnlySpan<int>.Empty, 1, 7, new FixedMapTargets(1));
        model.ZeroGrad();
        model.Backward();
        var g = model.Gradients;
        int c = config.Channels;
        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "attprojw", "fcw", "fcprojw", "lnfw", "lmheadw", "lmheadb" })
                Assert.That(g.Find(name)!.Value.Span.ToArray(), Is.All.EqualTo(0f), name);
            Assert.That(g.Qkvw.Span.Slice(2 * c * c, c * c).ToArray(), Is.All.EqualTo(0f), "values get no gradient");
            Assert.That(g.Qkvw.Span[..(2 * c * c)].ToArray(), Has.Some.Not.EqualTo(0f), "q and k do");
            Assert.That(g.Wte.Span.ToArray(), Has.Some.Not.EqualTo(0f), "and so do the embeddings");
        });
    }

    [Test]
    public void Mimicking_pretraining_drives_the_attention_loss_down()
    {
        // Width 32 (head size 8) so heads can represent both maps: the band needs positions, the
        // same-token map content matching.
        var config = Model() with { VocabSize = 6, ContextLength = 12, Channels = 32 };
        var training = new TrainingConfig { Steps = 150, BatchSize = 8, LearningRate = 1e-2f, MinLearningRate = 1e-3f, WarmupSteps = 10, Seed = 1 };
        var model = new GptModel(config, training.Seed, training.BatchSize);
        var targets = new FixedMapTargets(config.Layers);
        var trainer = new Trainer(model, training, TrainingLosses.AttentionMimic(targets));
        var losses = new List<float>();
        trainer.Run(new RandomIds(config.VocabSize, seed: 7), new InlineProgress(p => losses.Add(p.Loss)));
        float first = losses.Take(5).Average(), last = losses.TakeLast(5).Average();
        TestContext.Out.WriteLine($"attention loss: first 5 steps {first:F3}, last 5 steps {last:F3}");
        Assert.Multiple(() =>
        {
            Assert.That(losses, Has.Count.EqualTo(150));
            Assert.That(last, Is.LessThan(0.3 * first), "KL toward the maps falls well below its random-init value");
        });
    }

    [Test]
    public void Mimicking_runs_every_step_without_a_progress_sink()
    {
        var config = Model();
        var training = new TrainingConfig { Steps = 3, BatchSize = 2, WarmupSteps = 0, Seed = 1 };
        var model = new GptModel(config, training.Seed, training.BatchSize);
        float before = model.Parameters.Wte.Span[0];
        var trainer = new Trainer(model, training, TrainingLosses.AttentionMimic(new FixedMapTargets(config.Layers)));
        trainer.Run(new RandomIds(config.VocabSize, seed: 2));
        Assert.Multiple(() =>
        {
            Assert.That(trainer.Step, Is.EqualTo(3));
            Assert.That(model.Parameters.Wte.Span[0], Is.Not.EqualTo(before), "the steps updated the parameters");
        });
    }

    [Test]
    public void Bad_targets_are_refused()
    {
        var model = new GptModel(Model() with { FixedHeads = 1 }, seed: 1, maxBatch: 1);
        var onFixed = new FixedMapTargets(2, headsPerLayer: 2); // includes head 0, which is hard-coded
        Assert.Multiple(() =>
        {
            Assert.That(() => model.Forward(Sentence, ReadOnlySpan<int>.Empty, 1, 7, onFixed),
                Throws.ArgumentException.With.Message.Contains("hard-coded"));
            Assert.That(() => model.Forward(Sentence, ReadOnlySpan<int>.Empty, 1, 7, new CausalUniformTargets(2, scale: 2f)),
                Throws.ArgumentException.With.Message.Contains("sums to"));
            Assert.That(() => model.Forward(Sentence, ReadOnlySpan<int>.Empty, 1, 7, new CausalUniformTargets(3)),
                Throws.ArgumentException.With.Message.Contains("outside"));
            Assert.That(() => model.Forward(Sentence, ReadOnlySpan<int>.Empty, 1, 7, new CausalUniformTargets(2), weight: -1),
                Throws.ArgumentException.With.Message.Contains("weight"));
        });
    }

    /// <summary>Head 1 of every layer toward uniform attention over keys ≤ query (valid for causal models);
    /// <c>scale</c> ≠ 1 makes rows that do not sum to 1.</summary>
    private sealed class CausalUniformTargets(int layers, float scale = 1f) : IAttentionTargets
    {
        public IReadOnlyList<AttentionHead> Heads { get; } = [.. Enumerable.Range(0, layers).Select(l => new AttentionHead(l, 1))];

        public void Fill(AttentionHead head, ReadOnlySpan<int> ids, int batch, int sequence, Span<float> targets)
        {
            targets.Clear();
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < sequence; t++)
                    for (int t2 = 0; t2 <= t; t2++)
                        targets[(b * sequence + t) * sequence + t2] = scale / (t + 1);
        }
    }

    /// <summary>Uniform random ids in [0, v) (targets −1): the mimicking loss does not use labels.</summary>
    private sealed class RandomIds(int v, ulong seed) : IBatchSource
    {
        private readonly SeededRandom _rng = new(seed);

        public void Next(Span<int> inputs, Span<int> targets, int batch, int sequence)
        {
            for (int i = 0; i < inputs.Length; i++) inputs[i] = (int)(_rng.NextUInt64() % (ulong)v);
            targets.Fill(-1);
        }
    }

    private sealed class InlineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
