using System.Numerics;
using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Paths;

namespace GraphNav.Tasks.Tests;

public class PathTests
{
    [Test]
    public void Diamond_counts_distances_and_mean_length()
    {
        var paths = new GoalPaths(TestGraphs.Diamond(), 5);
        Assert.Multiple(() =>
        {
            Assert.That(paths.PathCount(0), Is.EqualTo(new BigInteger(5)));
            Assert.That(paths.Distance(0), Is.EqualTo(3));
            Assert.That(paths.LongestDistance(0), Is.EqualTo(4));
            Assert.That(paths.MeanPathLength(0), Is.EqualTo(17.0 / 5).Within(1e-12));
            Assert.That(paths.PathCount(5), Is.EqualTo(BigInteger.One));
            Assert.That(paths.Distance(5), Is.Zero);
            Assert.That(new GoalPaths(TestGraphs.Diamond(), 2).CanReach(1), Is.False);
            Assert.That(new GoalPaths(TestGraphs.Diamond(), 2).Distance(1), Is.EqualTo(-1));
        });
    }

    [Test]
    public void Counts_distances_and_means_match_brute_force_on_random_small_graphs()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var dag = DagGenerators.Bernoulli(12, 0.35, new Random(seed));
            for (int goal = 0; goal < dag.NodeCount; goal++)
            {
                var paths = new GoalPaths(dag, goal);
                for (int start = 0; start < goal; start++)
                {
                    var all = TestGraphs.AllPaths(dag, start, goal);
                    Assert.That(paths.PathCount(start), Is.EqualTo(new BigInteger(all.Count)), $"seed {seed} {start}→{goal}");
                    if (all.Count == 0) { Assert.That(paths.Distance(start), Is.EqualTo(-1)); continue; }
                    Assert.That(paths.Distance(start), Is.EqualTo(all.Min(p => p.Length - 1)));
                    Assert.That(paths.LongestDistance(start), Is.EqualTo(all.Max(p => p.Length - 1)));
                    Assert.That(paths.MeanPathLength(start), Is.EqualTo(all.Average(p => p.Length - 1.0)).Within(1e-9));
                    // PathAt enumerates every path exactly once.
                    var listed = Enumerable.Range(0, all.Count).Select(i => string.Join(",", paths.PathAt(start, i))).ToHashSet();
                    Assert.That(listed, Is.EquivalentTo(all.Select(p => string.Join(",", p))));
                }
            }
        }
    }

    [Test]
    public void Counts_exceed_64_bits_on_a_complete_dag()
    {
        // Complete DAG on N nodes: 2^(N-2) paths 0→N-1 (any subset of the interior nodes).
        var dag = DagGenerators.Bernoulli(80, 1.0, new Random(0));
        var paths = new GoalPaths(dag, 79);
        Assert.That(paths.PathCount(0), Is.EqualTo(BigInteger.Pow(2, 78)));
        // Mean length: 1 + (interior nodes chosen) = 1 + 78/2.
        Assert.That(paths.MeanPathLength(0), Is.EqualTo(40.0).Within(1e-9));
        var sampled = paths.SamplePath(0, new Random(1));
        Assert.That(sampled[0] == 0 && sampled[^1] == 79);
        for (int i = 1; i < sampled.Length; i++) Assert.That(dag.HasEdge(sampled[i - 1], sampled[i]));
    }

    [Test]
    public void Sampling_is_uniform_over_the_paths_of_a_small_graph()
    {
        // 5 paths, 10,000 draws: Pearson chi-square with 4 degrees of freedom. The 0.999 quantile of
        // χ²(4) is 18.47, so a uniform sampler fails this fixed-seed test with probability 0.001.
        var paths = new GoalPaths(TestGraphs.Diamond(), 5);
        var rng = new Random(12345);
        var counts = new Dictionary<string, int>();
        const int draws = 10_000;
        for (int i = 0; i < draws; i++)
        {
            string key = string.Join(",", paths.SamplePath(0, rng));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.That(counts, Has.Count.EqualTo(5));
        double expected = draws / 5.0;
        double chi2 = counts.Values.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.That(chi2, Is.LessThan(18.47));
    }

    [Test]
    public void Sampling_is_uniform_when_counts_exceed_int_range()
    {
        // Complete DAG on 40 nodes, 2^38 paths 0→39: the first step goes to node s with probability
        // 2^(38-s)/2^38 = 2^-s. Buckets s = 1, 2, 3, ≥4 (1/2, 1/4, 1/8, 1/8); χ²(3) 0.999 quantile 16.27.
        var paths = new GoalPaths(DagGenerators.Bernoulli(40, 1.0, new Random(0)), 39);
        Assert.That(paths.PathCount(0), Is.GreaterThan(new BigInteger(int.MaxValue)));
        var rng = new Random(99);
        var observed = new double[4];
        const int draws = 8000;
        for (int i = 0; i < draws; i++) observed[Math.Min(paths.SamplePath(0, rng)[1], 4) - 1]++;
        double[] p = [0.5, 0.25, 0.125, 0.125];
        double chi2 = observed.Select((o, k) => (o - draws * p[k]) * (o - draws * p[k]) / (draws * p[k])).Sum();
        Assert.That(chi2, Is.LessThan(16.27));
    }

    [TestCase(6L)]
    [TestCase(1_000_000_000_000L)]
    public void Uniform_draws_fill_ten_equal_buckets(long bound)
    {
        // 20,000 draws into 10 buckets of (nearly) equal width; χ²(9) 0.999 quantile 27.88.
        var rng = new Random(3);
        var observed = new double[10];
        double[] expected = new double[10];
        for (int b = 0; b < 10; b++)
            expected[b] = 20_000.0 * (Math.Ceiling((b + 1) * bound / 10.0) - Math.Ceiling(b * bound / 10.0)) / bound;
        for (int i = 0; i < 20_000; i++)
        {
            long v = UniformRandom.Next(rng, bound);
            Assert.That(v, Is.InRange(0, bound - 1));
            int bucket = (int)Math.Floor(v * 10.0 / bound);
            while (bucket < 9 && v >= Math.Ceiling((bucket + 1) * bound / 10.0)) bucket++;
            while (bucket > 0 && v < Math.Ceiling(bucket * bound / 10.0)) bucket--;
            observed[bucket]++;
        }
        double chi2 = observed.Select((o, b) => expected[b] == 0 ? 0 : (o - expected[b]) * (o - expected[b]) / expected[b]).Sum();
        int dof = expected.Count(e => e > 0) - 1;
        Assert.That(chi2, Is.LessThan(dof == 9 ? 27.88 : 20.52), $"χ² = {chi2:F2} with {dof} degrees of freedom");
    }

    [Test]
    public void Unreachable_start_and_bad_index_are_rejected()
    {
        var paths = new GoalPaths(TestGraphs.Diamond(), 2);
        Assert.Multiple(() =>
        {
            Assert.That(() => paths.SamplePath(1, new Random(0)), Throws.ArgumentException.With.Message.Contains("not reachable"));
            Assert.That(() => paths.MeanPathLength(3), Throws.ArgumentException);
            Assert.That(() => paths.PathAt(0, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new GoalPaths(TestGraphs.Diamond(), 6), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
