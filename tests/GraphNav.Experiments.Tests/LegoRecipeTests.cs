using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Lego.Recipe;
using GraphNav.Experiments.Training;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Experiments.Tests;

/// <summary>The LEGO recipe runner (issue #17): logs survive interruption and a resumed run logs
/// exactly what an uninterrupted one does; a run folder holds one recipe.</summary>
public class LegoRecipeTests
{
    private static readonly LegoRecipe Tiny = new()
    {
        Variables = 3, SupervisedPositions = 2, Layers = 1, Channels = 16, Heads = 2, Batch = 8, Steps = 8,
        WarmupSteps = 2, TestSize = 40,
    };

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), $"graphnav-recipe-{Guid.NewGuid():N}");

    private static LegoRecipeRunner Runner(string folder) => new(Tiny, folder) { EvaluationInterval = 2, CheckpointInterval = 4 };

    /// <summary>Step, loss and accuracies of every logged point (seconds are wall-clock and differ).</summary>
    private static string[] Rows(string folder, int seed) =>
        new LegoRecipeLog(LegoRecipeRunner.LogPath(folder, seed), Tiny.Variables).Points
            .Select(p => $"{p.Step} {p.Loss:R} {p.LearningRate:R} {string.Join(' ', p.Accuracy)} {p.Association}").ToArray();

    [Test]
    public void Interrupted_and_resumed_run_logs_what_an_uninterrupted_run_logs()
    {
        string whole = NewFolder(), broken = NewFolder();
        try
        {
            Runner(whole).Run([0], TextWriter.Null);
            // Stop seed 0 after step 7: the last checkpoint is at step 4, the log already has steps 2, 4, 6.
            using (var stop = new CancellationTokenSource())
            {
                var progress = new SynchronousProgress(p => { if (p.Step == 7) stop.Cancel(); });
                Assert.Throws<OperationCanceledException>(() => Runner(broken).Run([0], TextWriter.Null, progress, stop.Token));
            }
            Assert.That(Rows(broken, 0).Select(r => r.Split(' ')[0]), Is.EqualTo(new[] { "2", "4", "6" }));
            Runner(broken).Run([0], TextWriter.Null);
            Assert.That(Rows(broken, 0), Is.EqualTo(Rows(whole, 0)));
            Assert.That(Rows(whole, 0), Has.Length.EqualTo(4), "steps 2, 4, 6, 8");
            Assert.That(File.ReadAllText(Path.Combine(whole, "table.md")), Does.Contain("| 0 | 8 |").And.Contain("assoc: head, mass, ratio"));
            Assert.That(new LegoRecipeLog(LegoRecipeRunner.LogPath(whole, 0), Tiny.Variables).Points, Has.All.Property(nameof(LegoRecipePoint.Association)).Not.Null);
        }
        finally
        {
            Directory.Delete(whole, recursive: true);
            if (Directory.Exists(broken)) Directory.Delete(broken, recursive: true);
        }
    }

    [Test]
    public void A_run_interrupted_in_its_mimicking_phase_resumes_to_the_bits_of_an_uninterrupted_run()
    {
        var plan = (Tiny with { MimicSteps = 12 }).Plan(seed: 0, threads: 1);
        var whole = plan.Train().Model;
        string folder = NewFolder();
        try
        {
            var checkpoints = new TrainingCheckpoints(Path.Combine(folder, "checkpoint.safetensors"), TimeSpan.Zero);
            var mimicCheckpoints = LegoTrainingPlan.MimicCheckpoints(checkpoints);
            using (var stop = new CancellationTokenSource())
            {
                // Mimicking steps are reported as −11 … 0: stop in the middle of the phase.
                var progress = new SynchronousProgress(p => { if (p.Step >= -6) stop.Cancel(); });
                Assert.Throws<OperationCanceledException>(() => plan.Train(progress, cancellation: stop.Token, checkpoints: checkpoints));
            }
            Assert.Multiple(() =>
            {
                Assert.That(File.Exists(mimicCheckpoints.Path), Is.True, "the phase was checkpointed");
                Assert.That(File.Exists(checkpoints.Path), Is.False, "no LEGO step was taken");
            });
            int resumedAt = int.Parse(GraphNav.Models.Checkpoints.GptCheckpoint.ReadMetadata(mimicCheckpoints.Path)[TrainingCheckpoints.DataPositionKey],
                System.Globalization.CultureInfo.InvariantCulture);
            var resumed = plan.Train(checkpoints: checkpoints).Model;
            Assert.Multiple(() =>
            {
                Assert.That(resumedAt, Is.InRange(1, 11), "resumed inside the phase");
                Assert.That(resumed.Parameters.Data, Is.EqualTo(whole.Parameters.Data), "same bits as the uninterrupted run");
                Assert.That(File.Exists(mimicCheckpoints.Path), Is.False, "removed once the run finished");
            });
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void A_seed_stops_after_the_floor_with_a_checkpoint_and_trains_on_bit_for_bit_when_asked()
    {
        // n 3, k 1 at lr 1e-2: position 1 (read the sign of the clause holding the digit) is at the
        // floor within a few dozen steps, long before step 200.
        var recipe = new LegoRecipe
        {
            Variables = 3, SupervisedPositions = 1, Layers = 1, Channels = 16, Heads = 2, Batch = 32, Steps = 200,
            WarmupSteps = 5, LearningRate = 1e-2f, TestSize = 100,
        };
        string stopped = NewFolder(), whole = NewFolder();
        try
        {
            var first = new StringWriter();
            new LegoRecipeRunner(recipe, stopped) { EvaluationInterval = 20, CheckpointInterval = 20, StopAfterFloor = 40 }.Run([0], first);
            var log = new LegoRecipeLog(LegoRecipeRunner.LogPath(stopped, 0), recipe.Variables);
            int floor = log.FirstAtFloor(1)!.Step;
            var again = new StringWriter();
            new LegoRecipeRunner(recipe, stopped) { EvaluationInterval = 20, CheckpointInterval = 20, StopAfterFloor = 40 }.Run([0], again);
            Assert.Multiple(() =>
            {
                Assert.That(floor, Is.LessThanOrEqualTo(140), "the tiny task meets the floor early");
                Assert.That(log.Points[^1].Step, Is.EqualTo(floor + 40));
                Assert.That(first.ToString(), Does.Contain($"floor met at step {floor}, stopped at step {floor + 40}"));
                Assert.That(again.ToString(), Does.Contain("skipped"));
            });

            // Without the option the stopped seed trains on from its checkpoint to step 200.
            new LegoRecipeRunner(recipe, stopped) { EvaluationInterval = 20, CheckpointInterval = 20 }.Run([0], TextWriter.Null);
            new LegoRecipeRunner(recipe, whole) { EvaluationInterval = 20, CheckpointInterval = 20 }.Run([0], TextWriter.Null);
            var rows = (string folder) => new LegoRecipeLog(LegoRecipeRunner.LogPath(folder, 0), recipe.Variables).Points
                .Select(p => $"{p.Step} {p.Loss:R} {string.Join(' ', p.Accuracy)} {p.Association}").ToArray();
            Assert.That(rows(stopped), Is.EqualTo(rows(whole)));
        }
        finally
        {
            Directory.Delete(stopped, recursive: true);
            Directory.Delete(whole, recursive: true);
        }
    }

    [Test]
    public void A_folder_refuses_a_different_recipe()
    {
        string folder = NewFolder();
        try
        {
            Runner(folder).Run([0], TextWriter.Null);
            var other = new LegoRecipeRunner(Tiny with { LearningRate = 2e-3f }, folder);
            var error = Assert.Throws<ArgumentException>(() => other.Run([0], TextWriter.Null));
            Assert.That(error!.Message, Does.Contain("recipe.json").And.Contain("--dir"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void A_finished_constant_schedule_folder_trains_on_when_asked_for_more_steps_and_logs_what_the_longer_run_logs()
    {
        string longer = NewFolder(), extended = NewFolder();
        var more = Tiny with { Steps = 12 };
        try
        {
            new LegoRecipeRunner(more, longer) { EvaluationInterval = 2, CheckpointInterval = 4 }.Run([0], TextWriter.Null);
            Runner(extended).Run([0], TextWriter.Null);
            new LegoRecipeRunner(more, extended) { EvaluationInterval = 2, CheckpointInterval = 4 }.Run([0], TextWriter.Null);
            Assert.That(Rows(extended, 0), Is.EqualTo(Rows(longer, 0)));
            Assert.That(File.ReadAllText(Path.Combine(extended, "recipe.json")), Does.Contain("\"Steps\": 12"));
            var cosine = NewFolder();
            try
            {
                new LegoRecipeRunner(Tiny with { Decay = LearningRateDecay.Cosine }, cosine).Run([0], TextWriter.Null);
                Assert.Throws<ArgumentException>(() => new LegoRecipeRunner(Tiny with { Decay = LearningRateDecay.Cosine, Steps = 12 }, cosine).Run([0], TextWriter.Null),
                    "a cosine schedule stretches with the step count: more steps is another recipe");
            }
            finally
            {
                Directory.Delete(cosine, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(longer, recursive: true);
            Directory.Delete(extended, recursive: true);
        }
    }

    [Test]
    public void Another_backend_is_named_in_the_recipe_file_and_writes_no_checkpoints()
    {
        string folder = NewFolder();
        try
        {
            // A stand-in for TorchSharp: the engine's run under another name (not resumable for the runner).
            var other = TrainingBackend.Engine with { Name = "other" };
            new LegoRecipeRunner(Tiny, folder) { EvaluationInterval = 2, CheckpointInterval = 4, Backend = other }.Run([0], TextWriter.Null);
            Assert.That(File.ReadAllText(Path.Combine(folder, "recipe.json")), Does.Contain("\"Backend\": \"other\""));
            Assert.That(File.Exists(Path.Combine(folder, "seed-0", "checkpoint.safetensors")), Is.False);
            Assert.That(Rows(folder, 0), Has.Length.EqualTo(4));
            Assert.Throws<ArgumentException>(() => Runner(folder).Run([0], TextWriter.Null), "the engine may not write into the other backend's folder");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void A_point_replaces_the_points_at_its_step_and_after()
    {
        string folder = NewFolder();
        try
        {
            string path = Path.Combine(folder, "accuracy.csv");
            var log = new LegoRecipeLog(path, 2);
            log.Append(new LegoRecipePoint(2, 0.5, 1e-3, 1, [0.5, 0.25]));
            log.Append(new LegoRecipePoint(4, 0.4, 1e-3, 2, [0.75, 0.5]));
            log.Append(new LegoRecipePoint(6, 0.3, 1e-3, 3, [1, 0.5]));
            log.Append(new LegoRecipePoint(4, 0.45, 1e-3, 2.5, [0.7, 0.5]));
            var read = new LegoRecipeLog(path, 2).Points;
            Assert.That(read.Select(p => p.Step), Is.EqualTo(new[] { 2, 4 }));
            Assert.That(read[1].Accuracy, Is.EqualTo(new[] { 0.7, 0.5 }));
            Assert.Throws<InvalidDataException>(() => _ = new LegoRecipeLog(path, 3));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void The_association_columns_round_trip_and_older_logs_without_them_still_read()
    {
        string folder = NewFolder();
        try
        {
            string path = Path.Combine(folder, "accuracy.csv");
            // A log written before the association columns existed; a resumed run appends to it.
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, "step,loss,lr,seconds,pos1,pos2\n2,0.5,0.001,1.0,0.5000,0.2500\n");
            var log = new LegoRecipeLog(path, 2);
            log.Append(new LegoRecipePoint(4, 0.4, 1e-3, 2, [0.75, 0.5], new LegoRecipeAssociation(5, 0.625, 3.25)));
            var read = new LegoRecipeLog(path, 2).Points;
            Assert.Multiple(() =>
            {
                Assert.That(read[0].Association, Is.Null);
                Assert.That(read[1].Association, Is.EqualTo(new LegoRecipeAssociation(5, 0.625, 3.25)));
                Assert.That(File.ReadAllLines(path)[0], Does.EndWith(",assoc_head,assoc_mass,assoc_ratio"));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Recipe_defaults_are_the_issue_probe()
    {
        var plan = new LegoRecipe().Plan(seed: 1, threads: 1);
        Assert.Multiple(() =>
        {
            Assert.That((plan.Task.Variables, plan.Task.SupervisedPositions, plan.Task.TrainSize), Is.EqualTo((6, 3, 0)));
            Assert.That((plan.Model.Layers, plan.Model.Channels, plan.Model.Heads, plan.Model.EmbeddingLayerNorm), Is.EqualTo((4, 128, 4, true)));
            Assert.That((plan.Training.BatchSize, plan.Training.Steps, plan.Training.WarmupSteps), Is.EqualTo((256, 3500, 200)));
            Assert.That(LearningRateSchedule.At(3000, plan.Training), Is.EqualTo(1e-3f), "constant after warmup");
            Assert.That(plan.Training.Seed, Is.EqualTo(1UL));
            Assert.That(plan.Model.Initialization, Is.EqualTo(GptInitialization.Gpt2));
            Assert.That(new LegoRecipe().ToJson(), Does.Not.Contain("Initialization").And.Not.Contain("MimicSteps").And.Not.Contain("EmbeddingInitStd"), "earlier recipe.json files still match");
            Assert.That(plan.MimicSteps, Is.Zero);
        });
    }

    [Test]
    public void Mimicking_steps_reach_the_plan_and_the_description()
    {
        var recipe = new LegoRecipe { MimicSteps = 1000 };
        Assert.Multiple(() =>
        {
            Assert.That(recipe.Plan(seed: 0, threads: 1).MimicSteps, Is.EqualTo(1000));
            Assert.That(recipe.ToJson(), Does.Contain("\"MimicSteps\": 1000"));
            Assert.That(recipe.Describe(), Does.Contain("1000 mimicking steps first"));
            Assert.That(() => new LegoRecipe { MimicSteps = -1 }.Validated(), Throws.ArgumentException.With.Message.Contains("MimicSteps"));
        });
    }

    [Test]
    public void Bert_init_reaches_the_model_config_and_the_description()
    {
        var recipe = new LegoRecipe { Initialization = GptInitialization.Bert };
        Assert.Multiple(() =>
        {
            Assert.That(recipe.Plan(seed: 0, threads: 1).Model.Initialization, Is.EqualTo(GptInitialization.Bert));
            Assert.That(recipe.ToJson(), Does.Contain("\"Initialization\": \"Bert\""));
            Assert.That(recipe.Describe(), Does.Contain("BERT init"));
            var unit = new LegoRecipe { EmbeddingInitStd = 1f };
            Assert.That(unit.Plan(seed: 0, threads: 1).Model.EmbeddingInitStd, Is.EqualTo(1f));
            Assert.That(unit.Describe(), Does.Contain("embeddings N(0, 1)"));
        });
    }

    /// <summary>IProgress that runs its callback on the reporting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
