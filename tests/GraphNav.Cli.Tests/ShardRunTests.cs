using GraphNav.Experiments.Comparison;

namespace GraphNav.Cli.Tests;

/// <summary>
/// Issue #19's shard check: A2 on the suite's own models of seeds 0 and 1, run whole and as 2 shards one
/// after the other (shard 1/2 gets seed 0, shard 2/2 seed 1); the merged shard records hold the same
/// per-unit measurements, bit for bit, as the whole run's. Explicit: about three A2 runs (a few minutes
/// on 2 cores with the models cached).
/// </summary>
[Explicit, Category("Shards")]
[NonParallelizable] // Console.Out/Error are process-wide
public class ShardRunTests
{
    [Test]
    public void Two_shards_run_one_after_the_other_merge_into_the_unsharded_run()
    {
        var dir = Directory.CreateTempSubdirectory("graphnav-shards").FullName;
        try
        {
            string whole = Path.Combine(dir, "whole"), shards = Path.Combine(dir, "shards");
            string junit = Path.Combine(dir, "junit.xml"), bigger = Path.Combine(dir, "bigger.json"), smaller = Path.Combine(dir, "smaller.json");
            Expect(GraphnavProcess.Run("evaluate", "--phenomena", "--only", "A2", "--seeds", "0,1", "--records", whole,
                "--junit", junit, "--bench-json", bigger, "--bench-json-smaller", smaller));
            Expect(GraphnavProcess.Run("evaluate", "--phenomena", "--only", "A2", "--seeds", "0,1", "--shard", "1/2", "--records", Path.Combine(shards, "1")));
            Expect(GraphnavProcess.Run("evaluate", "--phenomena", "--only", "A2", "--seeds", "0,1", "--shard", "2/2", "--records", Path.Combine(shards, "2")));

            var unsharded = RecordSet.Load(whole).Records["A2"];
            var merged = RecordSet.Load(shards).Records["A2"];
            var withUnits = unsharded.Measurements.Where(m => m.PerUnit is not null).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(merged.Seeds, Is.EqualTo(new[] { 0, 1 }));
                Assert.That(withUnits, Has.Count.EqualTo(unsharded.Measurements.Count - 3), "all but T* and the two differences at T* keep per-unit values");
                foreach (var m in withUnits)
                {
                    var n = merged.Measurements.Single(x => x.Key == m.Key);
                    Assert.That((n.Mean, n.Low, n.High), Is.EqualTo((m.Mean, m.Low, m.High)), m.Key);
                }
                Assert.That(File.ReadAllText(junit), Does.Contain("name=\"A2 diversity–accuracy trade-off\""));
                Assert.That(File.ReadAllText(bigger), Does.Contain("\"name\": \"A2 heldout_validity_t0\""));
                Assert.That(File.ReadAllText(smaller), Does.Contain("\"name\": \"A2 wall time\""));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Expect((int Exit, string Out, string Error) run) => Assert.That(run.Exit, Is.Zero, run.Error);
}
