using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Models.Tests;

/// <summary>Periodic checkpoints: an interrupted run resumes to the same bits; a foreign or damaged checkpoint is ignored.</summary>
public class TrainingCheckpointsTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-resume-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static readonly TrainingConfig Config = new() { Steps = 8, BatchSize = 2, WarmupSteps = 2, Seed = 5 };

    /// <summary>Seeded batches: batch i is a pure function of how many batches were drawn before.</summary>
    private sealed class Stream(ulong seed) : IBatchSource
    {
        private readonly SeededRandom _rng = new(seed);

        public void Next(Span<int> inputs, Span<int> targets, int batch, int sequence)
        {
            for (int i = 0; i < inputs.Length; i++) inputs[i] = (int)(_rng.NextUInt64() % 11);
            for (int i = 0; i < targets.Length; i++) targets[i] = (int)(_rng.NextUInt64() % 12) - 1;
        }
    }

    [Test]
    public void A_run_stopped_after_its_checkpoint_resumes_to_identical_weights_moments_and_data_position()
    {
        var straight = Trainer.Create(TestData.Tiny(), Config);
        straight.Run(new Stream(9));

        var checkpoints = new TrainingCheckpoints(Path.Combine(_dir, "run.safetensors"), TimeSpan.Zero);
        var first = Trainer.Create(TestData.Tiny(), Config);
        using var stop = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() =>
            checkpoints.Run(first, new Stream(9), new InlineStop(stop, atStep: 5), cancellation: stop.Token));

        var resumed = checkpoints.TryResume(TestData.Tiny(), Config);
        Assert.That(resumed, Is.Not.Null);
        // Step 5 completed (and was saved) before the cancellation was seen between steps.
        Assert.That(resumed!.Step, Is.EqualTo(5));
        Assert.That(GptCheckpoint.ReadMetadata(checkpoints.Path)[TrainingCheckpoints.DataPositionKey], Is.EqualTo("5"));
        var source = new Stream(9);
        TrainingCheckpoints.Skip(source, resumed.Step, Config.BatchSize, resumed.Sequence);
        checkpoints.Run(resumed, source);
        Assert.Multiple(() =>
        {
            Assert.That(resumed.Model.Parameters.Data, Is.EqualTo(straight.Model.Parameters.Data));
            Assert.That(resumed.Optimizer.M, Is.EqualTo(straight.Optimizer.M));
            Assert.That(resumed.Optimizer.V, Is.EqualTo(straight.Optimizer.V));
        });
    }

    [Test]
    public void A_checkpoint_of_other_settings_or_a_damaged_one_means_starting_over()
    {
        var checkpoints = new TrainingCheckpoints(Path.Combine(_dir, "run.safetensors"), TimeSpan.Zero);
        var trainer = Trainer.Create(TestData.Tiny(), Config);
        trainer.Run(new Stream(1), evaluationInterval: 1, evaluate: t => { if (t.Step == 2) checkpoints.Save(t); });
        Assert.Multiple(() =>
        {
            Assert.That(checkpoints.TryResume(TestData.Tiny(), Config), Is.Not.Null);
            Assert.That(checkpoints.TryResume(TestData.Tiny(), Config with { LearningRate = 2e-3f }), Is.Null, "other training settings");
            Assert.That(checkpoints.TryResume(TestData.Tiny(tied: true), Config), Is.Null, "another model");
            Assert.That(checkpoints.TryResume(TestData.Tiny(), Config with { Threads = 2 }), Is.Not.Null, "threads do not change the bits");
        });
        File.WriteAllBytes(checkpoints.Path, [1, 2, 3]);
        Assert.That(checkpoints.TryResume(TestData.Tiny(), Config), Is.Null, "damaged");
    }

    [Test]
    public void A_finished_constant_schedule_run_extended_to_more_steps_ends_with_the_bits_of_the_longer_run()
    {
        var shortRun = Config with { Decay = LearningRateDecay.Constant, MinLearningRate = Config.LearningRate };
        var longRun = shortRun with { Steps = 14 };
        var straight = Trainer.Create(TestData.Tiny(), longRun);
        straight.Run(new Stream(9));

        var checkpoints = new TrainingCheckpoints(Path.Combine(_dir, "run.safetensors"), TimeSpan.MaxValue);
        var first = Trainer.Create(TestData.Tiny(), shortRun);
        first.Run(new Stream(9));
        checkpoints.Save(first);

        var extended = checkpoints.TryResume(TestData.Tiny(), longRun);
        Assert.That(extended, Is.Not.Null);
        var source = new Stream(9);
        TrainingCheckpoints.Skip(source, extended!.Step, longRun.BatchSize, extended.Sequence);
        checkpoints.Run(extended, source);
        Assert.Multiple(() =>
        {
            Assert.That(extended.Step, Is.EqualTo(14));
            Assert.That(extended.Model.Parameters.Data, Is.EqualTo(straight.Model.Parameters.Data));
            Assert.That(extended.Optimizer.M, Is.EqualTo(straight.Optimizer.M));
            Assert.That(extended.Optimizer.V, Is.EqualTo(straight.Optimizer.V));
        });
    }

    [Test]
    public void Only_a_constant_schedule_run_extends_and_never_to_fewer_steps_than_it_took()
    {
        var constant = Config with { Decay = LearningRateDecay.Constant, MinLearningRate = Config.LearningRate };
        Assert.Multiple(() =>
        {
            Assert.That(TrainingCheckpoints.Continues(constant, constant with { Steps = 20 }, step: 8), Is.True);
            Assert.That(TrainingCheckpoints.Continues(constant, constant with { Steps = 6 }, step: 8), Is.False, "fewer steps than taken");
            Assert.That(TrainingCheckpoints.Continues(Config, Config with { Steps = 20 }, step: 8), Is.False, "a cosine stretches with the step count");
            Assert.That(TrainingCheckpoints.Continues(constant, constant with { Steps = 20, LearningRate = 2e-3f, MinLearningRate = 2e-3f }, step: 8), Is.False, "other settings");
        });
    }

    /// <summary>Cancels the run once it reports <paramref name="atStep"/>.</summary>
    private sealed class InlineStop(CancellationTokenSource stop, int atStep) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step == atStep) stop.Cancel();
        }
    }
}
