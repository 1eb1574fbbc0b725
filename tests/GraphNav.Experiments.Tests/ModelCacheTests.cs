using GraphNav.Experiments.Caching;

namespace GraphNav.Experiments.Tests;

public class ModelCacheTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-cache-test").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Builds_once_and_then_returns_the_stored_entry()
    {
        var cache = new ModelCache(_dir);
        int builds = 0;
        void Build(string path) { builds++; File.WriteAllText(path, "model"); }

        var first = cache.GetOrBuild("k1", Build);
        var second = cache.GetOrBuild("k1", Build);
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(builds, Is.EqualTo(1));
            Assert.That(File.ReadAllText(first), Is.EqualTo("model"));
        });
    }

    [Test]
    public void A_corrupted_entry_is_rebuilt_not_used()
    {
        var cache = new ModelCache(_dir);
        int builds = 0;
        void Build(string path) { builds++; File.WriteAllText(path, "model"); }
        var path = cache.GetOrBuild("k2", Build);
        File.WriteAllText(path, "mode!"); // bit rot or a torn copy

        cache.GetOrBuild("k2", Build);
        Assert.Multiple(() =>
        {
            Assert.That(builds, Is.EqualTo(2));
            Assert.That(File.ReadAllText(path), Is.EqualTo("model"));
        });
    }

    [Test]
    public void An_entry_the_validator_rejects_is_rebuilt()
    {
        var cache = new ModelCache(_dir);
        int builds = 0;
        cache.GetOrBuild("k3", p => { builds++; File.WriteAllText(p, "v1"); });
        cache.GetOrBuild("k3", p => { builds++; File.WriteAllText(p, "v2"); }, isValid: p => File.ReadAllText(p) == "v2");
        Assert.That(builds, Is.EqualTo(2));
    }

    [Test]
    public void A_failing_build_leaves_no_entry_behind()
    {
        var cache = new ModelCache(_dir);
        Assert.Throws<InvalidOperationException>(() => cache.GetOrBuild("k4", p =>
        {
            File.WriteAllText(p, "half");
            throw new InvalidOperationException("training diverged");
        }));
        Assert.That(Directory.GetFiles(_dir), Is.Empty);
    }

    [Test]
    public void Keys_differ_for_different_descriptions_and_are_stable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ModelCache.Key("a"), Is.EqualTo("ca978112ca1bbdcafac231b39a23dc4d"), "SHA-256 of \"a\", first 32 hex digits");
            Assert.That(ModelCache.Key("a"), Is.Not.EqualTo(ModelCache.Key("b")));
            Assert.That(ModelCache.Key("a"), Has.Length.EqualTo(32));
        });
    }
}
