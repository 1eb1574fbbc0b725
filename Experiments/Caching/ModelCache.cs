using System.Security.Cryptography;
using System.Text;

namespace GraphNav.Experiments.Caching;

/// <summary>
/// Content-addressed store of trained models (docs/DESIGN.md, "Trained-model cache"). An entry's key is a
/// hash of everything that determines the model — task, model config, training config, seed and
/// engine version — so a retrained engine or a changed task never returns a stale model. Entries are
/// written atomically (temp file, then rename) with a SHA-256 sidecar; an entry whose bytes do not
/// match its sidecar, or that the caller's validator rejects, is deleted and rebuilt, never used.
/// Processes that want the same entry at once (parallel test assemblies) take a lock file, so the
/// model is trained once.
/// </summary>
public sealed class ModelCache
{
    /// <summary>Environment variable that overrides the cache folder.</summary>
    public const string DirectoryVariable = "GRAPHNAV_CACHE";

    /// <summary>Creates a cache over <paramref name="directory"/> (created on first write).</summary>
    public ModelCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
    }

    private int _sweptLocks; // 1 once this instance removed the unheld lock files of killed builders

    /// <summary>The folder holding the entries.</summary>
    public string Directory { get; }

    /// <summary>
    /// The default cache: $GRAPHNAV_CACHE, else $XDG_CACHE_HOME/graphnav/models, else
    /// ~/.cache/graphnav/models.
    /// </summary>
    public static ModelCache Default { get; } = new(DefaultDirectory());

    /// <summary>A cache key: the SHA-256 (hex, 32 chars kept) of the canonical description.</summary>
    public static string Key(string canonicalDescription)
    {
        ArgumentNullException.ThrowIfNull(canonicalDescription);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonicalDescription));
        return Convert.ToHexStringLower(hash)[..32];
    }

    /// <summary>Path an entry with this key and extension has (whether or not it exists).</summary>
    public string PathOf(string key, string extension = ".safetensors") => Path.Combine(Directory, key + extension);

    /// <summary>
    /// How long <see cref="GetOrBuild"/> waits for another process that holds an entry's lock
    /// (it is training that model) before giving up with a TimeoutException naming the lock.
    /// Default 6 hours, longer than any paper-scale training; GRAPHNAV_CACHE_LOCK_TIMEOUT (seconds) overrides.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout();

    /// <summary>
    /// Returns the path of a valid entry for <paramref name="key"/>, building it with
    /// <paramref name="build"/> (which writes the file at the path it is given) when it is missing
    /// or corrupt. <paramref name="isValid"/> may reject an entry whose bytes are intact but whose
    /// content is wrong (e.g. a checkpoint that does not load); an exception it throws counts as a
    /// rejection, so a damaged entry is rebuilt rather than aborting the run. Leftovers of killed
    /// writers (temp files of dead processes, unheld lock files) are removed first.
    /// </summary>
    public string GetOrBuild(string key, Action<string> build, Func<string, bool>? isValid = null, string extension = ".safetensors")
    {
        ArgumentNullException.ThrowIfNull(build);
        var path = PathOf(key, extension);
        if (IsIntact(path, isValid)) return path;

        System.IO.Directory.CreateDirectory(Directory);
        if (Interlocked.Exchange(ref _sweptLocks, 1) == 0) StaleFiles.RemoveUnheldLocks(Directory);
        using var guard = CacheLock.Acquire(path + ".lock", LockTimeout);
        if (IsIntact(path, isValid)) return path; // another process built it while we waited

        StaleFiles.RemoveTemporaries(path);
        Delete(path);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            build(temp);
            if (!File.Exists(temp))
                throw new InvalidOperationException($"The cache builder for {key} did not write its file.");
            // Durable before published: the entry's bytes and its sidecar reach the disk before the
            // rename makes the entry visible, so a crash leaves either no entry or a complete one.
            Durable.Flush(temp);
            Durable.WriteText(HashPath(path), FileDigest.Sha256(temp));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        if (!IsIntact(path, isValid))
            throw new InvalidDataException($"The freshly built cache entry {path} does not validate.");
        return path;
    }

    private static bool IsIntact(string path, Func<string, bool>? isValid)
    {
        if (!File.Exists(path) || !File.Exists(HashPath(path))) return false;
        try
        {
            if (!string.Equals(File.ReadAllText(HashPath(path)).Trim(), FileDigest.Sha256(path), StringComparison.Ordinal)) return false;
            return isValid?.Invoke(path) ?? true;
        }
#pragma warning disable CA1031 // Whatever goes wrong reading an entry, the remedy is the same: rebuild it.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static void Delete(string path)
    {
        File.Delete(path);
        File.Delete(HashPath(path));
    }

    private static string HashPath(string path) => path + ".sha256";

    private static TimeSpan DefaultLockTimeout() =>
        double.TryParse(Environment.GetEnvironmentVariable("GRAPHNAV_CACHE_LOCK_TIMEOUT"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2))
            : TimeSpan.FromHours(6);

    private static string DefaultDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "graphnav", "models");
    }
}
