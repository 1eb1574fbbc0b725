using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Models.Tests;

public class TrainingTests
{
    /// <summary>Replays one fixed batch forever.</summary>
    private sealed class FixedBatch(int[] inputs, int[] targets) : IBatchSource
    {
        public void Next(Span<int> i, Span<int> t, int batch, int sequence)
        {
            inputs.CopyTo(i);
            targets.CopyTo(t);
        }
    }

    /// <summary>4 rows of 8 tokens with distinct first tokens, so every prefix is distinct and the
    /// batch can be memorised exactly: the loss can go to 0.</summary>
    private static (int[] Inputs, int[] Targets) MemorisableBatch()
    {
        int[] seq = TestData.Ids(4 * 9, 11, 7);
        for (int b = 0; b < 4; b++) seq[b * 9] = b; // distinct first tokens
        var inputs = new int[32];
        var targets = new int[32];
        for (int b = 0; b < 4; b++)
            for (int t = 0; t < 8; t++)
            {
                inputs[b * 8 + t] = seq[b * 9 + t];
                targets[b * 8 + t] = seq[b * 9 + t + 1];
            }
        targets[5] = -1; // an ignored target must not break anything
        return (inputs, targets);
    }

    private static TrainingConfig Quick(int steps, int threads = 1) => new()
    {
        Steps = steps, BatchSize = 4, SequenceLength = 8, LearningRate = 1e-2f, MinLearningRate = 1e-3f,
        WarmupSteps = 10, WeightDecay = 0.0f, Threads = threads, Seed = 3,
    };

    private static readonly GptConfig Small = new GptConfig
    {
        VocabSize = 11, ContextLength = 8, Layers = 2, Heads = 2, Channels = 32,
    }.Validated();

    [Test]
    public void Overfitting_one_batch_drives_the_loss_below_0_05()
    {
        // ln 11 ≈ 2.40 at initialisation; a memorised batch has loss → 0. 0.05 means the model puts
        // ≥ 95% probability on every target on average.
        var (inputs, targets) = MemorisableBatch();
        var trainer = Trainer.Create(Small, Quick(300));
        var losses = new List<float>();
        trainer.Run(new FixedBatch(inputs, targets), new SyncProgress(p => losses.Add(p.Loss)));
        TestContext.Out.WriteLine($"loss {losses[0]:F3} -> {losses[^1]:F4} after {losses.Count} steps");
        Assert.Multiple(() =>
        {
            Assert.That(losses[0], Is.EqualTo(MathF.Log(11)).Within(0.2f));
            Assert.That(losses[^1], Is.LessThan(0.05f));
        });
    }

    [Test]
    public void Same_seed_gives_identical_bits_and_thread_count_does_not_matter()
    {
        var (inputs, targets) = MemorisableBatch();
        float[] Run(int threads, out float lastLoss)
        {
            var trainer = Trainer.Create(Small, Quick(5, threads));
            float loss = 0;
            trainer.Run(new FixedBatch(inputs, targets), new SyncProgress(p => loss = p.Loss));
            lastLoss = loss;
            return trainer.Model.Parameters.Data;
        }
        var a = Run(1, out float la);
        var b = Run(1, out float lb);
        var c = Run(2, out float lc);
        Assert.Multiple(() =>
        {
            Assert.That(BitConverter.SingleToInt32Bits(lb), Is.EqualTo(BitConverter.SingleToInt32Bits(la)));
            Assert.That(b, Is.EqualTo(a), "same seed, same threads");
            Assert.That(BitConverter.SingleToInt32Bits(lc), Is.EqualTo(BitConverter.SingleToInt32Bits(la)));
            Assert.That(c, Is.EqualTo(a), "1 vs 2 threads");
        });
    }

    [Test]
    public void Thread_count_does_not_change_the_bits_at_a_size_where_kernels_run_in_parallel()
    {
        // Paper-A shapes at B=64: Gemm, attention, GELU, LayerNorm and cross-entropy all split work
        // over threads here (the small test above stays below their parallel thresholds).
        var config = GptConfig.PaperA(106);
        int[] inputs = TestData.Ids(64 * 32, 106, 1), targets = TestData.Ids(64 * 32, 106, 2);
        float[] Run(int threads)
        {
            var trainer = Trainer.Create(config, new TrainingConfig { Steps = 2, BatchSize = 64, Threads = threads, Seed = 4 });
            trainer.TrainStep(inputs, targets);
            trainer.TrainStep(inputs, targets);
            return [.. trainer.Model.Parameters.Data, .. trainer.Model.LastLogits];
        }
        Assert.That(Run(2), Is.EqualTo(Run(1)));
    }

    [Test]
    public void Cancellation_stops_between_steps_and_evaluation_runs_at_its_interval()
    {
        var (inputs, targets) = MemorisableBatch();
        var trainer = Trainer.Create(Small, Quick(10));
        var evaluated = new List<int>();
        using var cts = new CancellationTokenSource();
        void Evaluate(Trainer t)
        {
            evaluated.Add(t.Step);
            if (t.Step == 6) cts.Cancel();
        }
        Assert.Throws<OperationCanceledException>(() =>
            trainer.Run(new FixedBatch(inputs, targets), null, evaluationInterval: 3, Evaluate, cts.Token));
        Assert.Multiple(() =>
        {
            Assert.That(evaluated, Is.EqualTo(new[] { 3, 6 }));
            Assert.That(trainer.Step, Is.EqualTo(6));
        });
    }

    [Test]
    public void A_non_finite_loss_stops_training_with_a_clear_error()
    {
        var (inputs, targets) = MemorisableBatch();
        var trainer = Trainer.Create(Small, Quick(5));
        trainer.Model.Parameters.Lnfw.Span[0] = float.NaN;
        Assert.That(() => trainer.TrainStep(inputs, targets),
            Throws.TypeOf<TrainingDivergedException>().With.Message.Contains("diverged").And.Message.Contains("step 1"));
        Assert.That(trainer.Step, Is.Zero);
    }

    /// <summary>IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    internal sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
