using System.Diagnostics;
using System.Globalization;

namespace GraphNav.Experiments.Caching;

/// <summary>
/// Removes what a killed cache writer leaves next to an entry: "&lt;entry&gt;.&lt;pid&gt;.tmp…" files
/// (the cache's own temp file and the atomic writers' temps inside it) of processes that no longer
/// run. Called with the entry's lock held, so no live writer of this entry can be affected.
/// </summary>
internal static class StaleFiles
{
    /// <summary>Deletes the temp files of dead processes belonging to the entry at <paramref name="entryPath"/>.</summary>
    public static void RemoveTemporaries(string entryPath)
    {
        // The entry's own temps ("<entry>.<pid>.tmp…") and its sidecar's ("<entry>.sha256.<pid>.tmp").
        RemoveTemporariesWithPrefix(entryPath + ".");
        RemoveTemporariesWithPrefix(entryPath + ".sha256.");
    }

    /// <summary>
    /// Deletes every lock file in <paramref name="folder"/> that no process holds: a killed builder's
    /// lock stays on disk (its OS lock does not). Taking such a lock and releasing it deletes it.
    /// </summary>
    public static void RemoveUnheldLocks(string folder)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.lock"))
        {
            try
            {
                new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose).Dispose();
            }
            catch (IOException)
            {
                // Held by a live builder (or already gone): leave it.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to remove.
            }
        }
    }

    private static void RemoveTemporariesWithPrefix(string pathPrefix)
    {
        var folder = Path.GetDirectoryName(pathPrefix)!;
        var prefix = Path.GetFileName(pathPrefix);
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, prefix + "*.tmp*"))
        {
            var rest = Path.GetFileName(file)[prefix.Length..];
            int dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (pid != Environment.ProcessId && IsRunning(pid)) continue;
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Best effort: a leftover that cannot be deleted now is retried on the next build.
            }
            catch (UnauthorizedAccessException)
            {
                // Same.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
