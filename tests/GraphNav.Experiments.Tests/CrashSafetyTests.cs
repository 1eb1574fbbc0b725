using System.Globalization;
using GraphNav.Experiments.Caching;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Training;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// Issue 14: a process killed with SIGKILL (kill -9) while writing a cache entry, or half-way through
/// training, costs the next run nothing but the lost work: the entry is built once and intact, and
/// training continues from its last checkpoint to the very bits an uninterrupted run reaches.
/// </summary>
public class CrashSafetyTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-crash-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_writer_killed_mid_write_leaves_the_next_run_one_build_and_an_intact_entry()
    {
        var child = ChildProcess.Start("cache-writer", _dir, "k");
        ChildProcess.KillWhen(child, line => line == "writing", TimeSpan.FromSeconds(60));
        var leftovers = Directory.GetFiles(_dir).Select(Path.GetFileName).ToArray();
        Assert.That(leftovers, Has.Some.Contains(".tmp").And.Some.EndsWith(".lock"), "the killed writer left its temp and lock files");

        var cache = new ModelCache(_dir) { LockTimeout = TimeSpan.FromSeconds(30) };
        int builds = 0;
        var path = cache.GetOrBuild("k", p => { builds++; File.WriteAllText(p, "model"); });
        var again = cache.GetOrBuild("k", p => { builds++; File.WriteAllText(p, "model"); });
        Assert.Multiple(() =>
        {
            Assert.That(builds, Is.EqualTo(1));
            Assert.That(again, Is.EqualTo(path));
            Assert.That(File.ReadAllText(path), Is.EqualTo("model"));
            Assert.That(Directory.GetFiles(_dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "k.safetensors", "k.safetensors.sha256" }),
                "stale temp and lock files are cleaned");
        });
    }

    [Test]
    public void A_lock_held_by_a_live_process_times_out_naming_the_lock()
    {
        var cache = new ModelCache(_dir) { LockTimeout = TimeSpan.FromMilliseconds(600) };
        string lockPath = cache.PathOf("busy") + ".lock";
        using var held = new FileStream(lockPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        Assert.That(() => cache.GetOrBuild("busy", p => File.WriteAllText(p, "x")),
            Throws.TypeOf<TimeoutException>().With.Message.Contains(lockPath));
    }

    [Test]
    public void An_entry_whose_hash_matches_but_which_fails_to_load_in_any_way_is_rebuilt()
    {
        var cache = new ModelCache(_dir);
        int builds = 0;
        cache.GetOrBuild("e", p => { builds++; File.WriteAllText(p, "v1"); });
        // A validator that throws something unexpected (not InvalidDataException) must not abort the run.
        cache.GetOrBuild("e", p => { builds++; File.WriteAllText(p, "v2"); },
            isValid: p => File.ReadAllText(p) == "v2" ? true : throw new OverflowException("config bomb"));
        Assert.That(builds, Is.EqualTo(2));
    }

    [Test]
    public void Training_killed_half_way_resumes_from_its_checkpoint_to_bit_identical_weights_and_optimizer_state()
    {
        const int steps = 120;
        var child = ChildProcess.Start("train", _dir, steps.ToString(CultureInfo.InvariantCulture));
        var killedAt = ChildProcess.KillWhen(child, line => line is "step 50", TimeSpan.FromMinutes(3));
        var plan = ChildProcess.Plan(steps);
        var resumePath = new ModelCache(_dir).PathOf(plan.CacheKey(), CachedModels.ResumeExtension);
        Assert.That(File.Exists(resumePath), Is.True, $"no resume checkpoint after the kill ({killedAt})");
        var (_, saved) = GptCheckpoint.Load(resumePath, maxBatch: 1);
        int resumedFrom = saved!.Step;
        Assert.That(resumedFrom, Is.InRange(40, steps - 1));

        // The next invocation: trains only the remaining steps.
        int stepsRun = 0;
        var cache = new ModelCache(_dir);
        plan.GetOrTrain(cache, new InlineProgress<TrainingProgress>(_ => Interlocked.Increment(ref stepsRun)));
        var (resumed, resumedState) = GptCheckpoint.Load(cache.PathOf(plan.CacheKey()));

        var straight = plan.Train();
        TestContext.Out.WriteLine($"killed after '{killedAt}'; resumed from step {resumedFrom}, ran {stepsRun} more steps");
        Assert.Multiple(() =>
        {
            Assert.That(stepsRun, Is.EqualTo(steps - resumedFrom));
            Assert.That(resumed.Parameters.Data, Is.EqualTo(straight.Model.Parameters.Data), "weights");
            Assert.That(resumedState!.M, Is.EqualTo(straight.Optimizer.M), "AdamW first moments");
            Assert.That(resumedState.V, Is.EqualTo(straight.Optimizer.V), "AdamW second moments");
            Assert.That(resumedState.Step, Is.EqualTo(steps));
            Assert.That(File.Exists(resumePath), Is.False, "the resume checkpoint is removed once the entry is stored");
        });
    }
}
