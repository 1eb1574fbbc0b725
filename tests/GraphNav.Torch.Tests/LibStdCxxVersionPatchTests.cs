using System.Text;
using GraphNav.Torch.Build;

namespace GraphNav.Torch.Tests;

/// <summary>
/// The build step that lets TorchSharp 0.107.0 load on a C++ runtime older than GCC 13's
/// (Torch/build): its ELF edit on the shipped library, its decision on this system's runtime and
/// on a simulated newer one, and the library this test assembly actually loaded.
/// </summary>
public class LibStdCxxVersionPatchTests
{
    private const string LibraryName = "libLibTorchSharp.so";

    [Test]
    public void Retargeting_changes_only_the_missing_requirement_and_is_idempotent()
    {
        byte[] shipped = File.ReadAllBytes(ShippedLibrary());
        var before = LibStdCxxVersionPatch.RequiredVersions(shipped);
        Assert.That(before, Has.Member(new KeyValuePair<string, string>("libstdc++.so.6", LibStdCxxVersionPatch.MissingVersion)));

        byte[] patched = LibStdCxxVersionPatch.Retarget(shipped, LibStdCxxVersionPatch.MissingVersion, LibStdCxxVersionPatch.ReplacementVersion)!;

        var after = LibStdCxxVersionPatch.RequiredVersions(patched);
        Assert.That(after.Select(p => p.Value), Has.No.Member(LibStdCxxVersionPatch.MissingVersion));
        Assert.That(after, Has.Count.EqualTo(before.Count), "one requirement renamed, none added or removed");
        int changed = Enumerable.Range(0, shipped.Length).Count(i => shipped[i] != patched[i]);
        Assert.That(patched, Has.Length.EqualTo(shipped.Length));
        Assert.That(changed, Is.InRange(1, 8), "only vna_hash and vna_name of one entry change");
        Assert.That(LibStdCxxVersionPatch.Retarget(patched, LibStdCxxVersionPatch.MissingVersion, LibStdCxxVersionPatch.ReplacementVersion), Is.Null,
            "a patched library needs nothing more");
    }

    [Test]
    public void The_hash_written_is_the_one_the_linker_wrote_for_the_replacement_version()
    {
        // The shipped library already has an entry for GLIBCXX_3.4.30 with the linker's hash; ours must equal it.
        byte[] shipped = File.ReadAllBytes(ShippedLibrary());
        byte[] patched = LibStdCxxVersionPatch.Retarget(shipped, LibStdCxxVersionPatch.MissingVersion, LibStdCxxVersionPatch.ReplacementVersion)!;
        uint expected = LibStdCxxVersionPatch.ElfHash(LibStdCxxVersionPatch.ReplacementVersion);
        byte[] hash = BitConverter.GetBytes(expected);
        int occurrences = 0;
        for (int i = 0; i + 4 <= patched.Length; i++)
            if (patched.AsSpan(i, 4).SequenceEqual(hash)) occurrences++;
        int shippedOccurrences = 0;
        for (int i = 0; i + 4 <= shipped.Length; i++)
            if (shipped.AsSpan(i, 4).SequenceEqual(hash)) shippedOccurrences++;
        Assert.That(shippedOccurrences, Is.GreaterThanOrEqualTo(1), "the linker's own entry carries the hash we compute");
        Assert.That(occurrences, Is.EqualTo(shippedOccurrences + 1));
    }

    [Test]
    public void Nothing_is_done_on_a_runtime_that_has_the_version()
    {
        string? runtime = LibStdCxxVersionPatch.FindSystemLibStdCxx();
        Assume.That(runtime, Is.Not.Null, "no system libstdc++.so.6");
        byte[] system = File.ReadAllBytes(runtime!);
        byte[] shipped = File.ReadAllBytes(ShippedLibrary());
        var versions = LibStdCxxVersionPatch.DefinedVersions(system);
        Assert.That(versions, Has.Member("GLIBCXX_3.4"), "the version definitions were read");
        byte[] newer = versions.Contains(LibStdCxxVersionPatch.MissingVersion) ? system : SimulateNewerRuntime(system);

        Assert.That(LibStdCxxVersionPatch.DefinedVersions(newer), Has.Member(LibStdCxxVersionPatch.MissingVersion));
        Assert.That(LibStdCxxVersionPatch.PatchFor(newer, shipped), Is.Null);
        if (!versions.Contains(LibStdCxxVersionPatch.MissingVersion))
            Assert.That(LibStdCxxVersionPatch.PatchFor(system, shipped), Is.Not.Null, "this system's runtime needs the patch");
    }

    [Test]
    public void The_build_output_has_the_patched_copy_and_the_NuGet_cache_keeps_the_original()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibraryName);
        Assume.That(File.Exists(output), Is.True, "not a linux-x64 build");
        string? runtime = LibStdCxxVersionPatch.FindSystemLibStdCxx();
        Assume.That(runtime, Is.Not.Null, "no system libstdc++.so.6");
        bool systemHasIt = LibStdCxxVersionPatch.DefinedVersions(File.ReadAllBytes(runtime!)).Contains(LibStdCxxVersionPatch.MissingVersion);
        byte[] copy = File.ReadAllBytes(output), shipped = File.ReadAllBytes(ShippedLibrary());

        if (systemHasIt)
            Assert.That(copy, Is.EqualTo(shipped), "a new enough runtime gets the library as shipped");
        else
            Assert.That(LibStdCxxVersionPatch.RequiredVersions(copy).Select(p => p.Value), Has.No.Member(LibStdCxxVersionPatch.MissingVersion));
        Assert.That(LibStdCxxVersionPatch.RequiredVersions(shipped).Select(p => p.Value), Has.Member(LibStdCxxVersionPatch.MissingVersion),
            "the NuGet cache's copy is untouched");
        using var loaded = TorchSharp.torch.ones(2); // and this process did load the copy
        Assert.That(loaded.sum().item<float>(), Is.EqualTo(2f));
    }

    /// <summary>A copy of <paramref name="system"/> whose version definition GLIBCXX_3.4.30 is renamed
    /// GLIBCXX_3.4.32 (same length): what a GCC 13 runtime's definitions look like to the decision.</summary>
    private static byte[] SimulateNewerRuntime(byte[] system)
    {
        byte[] copy = (byte[])system.Clone();
        byte[] from = Encoding.ASCII.GetBytes(LibStdCxxVersionPatch.ReplacementVersion + "\0");
        byte[] to = Encoding.ASCII.GetBytes(LibStdCxxVersionPatch.MissingVersion + "\0");
        int at = copy.AsSpan().IndexOf(from);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), "the runtime names GLIBCXX_3.4.30");
        to.CopyTo(copy, at);
        return copy;
    }

    /// <summary>The library as the TorchSharp package ships it, in the NuGet package folder.</summary>
    private static string ShippedLibrary()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string version = typeof(TorchSharp.torch).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.107.0";
        string path = Path.Combine(root, "torchsharp", version, "runtimes", "linux-x64", "native", LibraryName);
        Assume.That(File.Exists(path), Is.True, $"TorchSharp's package folder not found at {path}");
        return path;
    }
}
