using System.Diagnostics;

namespace GraphNav.Experiments.Caching;

/// <summary>
/// The per-entry lock of <see cref="ModelCache"/>: an exclusively opened lock file (an OS lock, so a
/// killed holder releases it at once) that is deleted when released. A lock file left behind by a
/// killed process is not held by anyone and is simply taken over (and deleted on release).
/// </summary>
internal static class CacheLock
{
    /// <summary>
    /// Opens <paramref name="lockPath"/> exclusively, polling while another process holds it; after
    /// <paramref name="timeout"/> throws TimeoutException naming the lock file.
    /// </summary>
    public static FileStream Acquire(string lockPath, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                Thread.Sleep(200);
            }
            catch (IOException e)
            {
                throw new TimeoutException(
                    $"Waited {clock.Elapsed.TotalSeconds:F0} s for the model-cache lock '{lockPath}', which another process holds while it trains that model; " +
                    "wait for it, or stop it (set GRAPHNAV_CACHE_LOCK_TIMEOUT, in seconds, to wait longer).", e);
            }
        }
    }
}
