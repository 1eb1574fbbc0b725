using System.Globalization;
using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Phenomena;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Training;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// Issue 14: the shared graph model of A2–A4 records A4's trajectory while it trains; a run killed
/// with SIGKILL half-way resumes from its checkpoint and the trajectory recorded so far, and ends with
/// the weights and the trajectory of an uninterrupted run.
/// </summary>
public class SharedModelResumeTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-shared-resume-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_shared_model_killed_half_way_resumes_to_identical_weights_and_trajectory()
    {
        const int steps = 100; // A4 checkpoints every 10 steps: about half before the kill at step 60, the rest after
        string killed = Path.Combine(_dir, "killed");
        var child = ChildProcess.Start("train-shared", killed, steps.ToString(CultureInfo.InvariantCulture));
        var killedAt = ChildProcess.KillWhen(child, line => line is "step 60", TimeSpan.FromMinutes(3));
        var plan = ChildProcess.Plan(steps);
        var cache = new ModelCache(killed);
        var resumePath = cache.PathOf(plan.CacheKey(), CachedModels.ResumeExtension);
        var partialPath = cache.PathOf(SharedGraphModels.TrajectoryKey(plan, Tasks.Scoring.CompletionScorer.Version), SharedGraphModels.PartialTrajectoryExtension);
        Assert.That(File.Exists(resumePath) && File.Exists(partialPath), Is.True, $"no resume checkpoint or partial trajectory after the kill ({killedAt})");
        int resumedFrom = GptCheckpoint.Load(resumePath, maxBatch: 1).State!.Step;
        var recorded = LearningTrajectory.FromJson(File.ReadAllText(partialPath)).Steps;
        Assert.That(resumedFrom, Is.InRange(50, 74), "the kill falls after step 50");
        Assert.That(recorded, Is.EqualTo(Enumerable.Range(1, resumedFrom / 10).Select(i => 10 * i)), "every A4 checkpoint up to the resume step");

        // The next invocation trains only the remaining steps and keeps the recorded part.
        int stepsRun = 0;
        var (resumed, resumedTrajectory) = SharedGraphModels.GetOrTrain(plan, new PhenomenonContext(Scale.Quick, [ChildProcess.Seed], 1, cache),
            new InlineProgress<TrainingProgress>(_ => Interlocked.Increment(ref stepsRun)));

        var (straight, straightTrajectory) = SharedGraphModels.GetOrTrain(plan,
            new PhenomenonContext(Scale.Quick, [ChildProcess.Seed], 1, new ModelCache(Path.Combine(_dir, "straight"))));
        TestContext.Out.WriteLine($"killed after '{killedAt}'; resumed from step {resumedFrom} with A4 checkpoints {string.Join(", ", recorded)}, ran {stepsRun} more steps");
        Assert.Multiple(() =>
        {
            Assert.That(stepsRun, Is.EqualTo(steps - resumedFrom));
            Assert.That(resumed.Parameters.Data, Is.EqualTo(straight.Parameters.Data), "weights");
            Assert.That(resumedTrajectory.Steps, Is.EqualTo(Enumerable.Range(1, 10).Select(i => 10 * i)));
            Assert.That(resumedTrajectory.Steps, Is.EqualTo(straightTrajectory.Steps), "trajectory steps");
            Assert.That(resumedTrajectory.Outcomes, Is.EqualTo(straightTrajectory.Outcomes), "trajectory outcomes");
            Assert.That(File.Exists(resumePath) || File.Exists(partialPath), Is.False, "the unfinished run's files are removed once the entries are stored");
        });
    }
}
