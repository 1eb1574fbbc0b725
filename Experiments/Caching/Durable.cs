using System.Text;

namespace GraphNav.Experiments.Caching;

/// <summary>Writes that reach the disk (fsync) before the caller goes on.</summary>
internal static class Durable
{
    /// <summary>Flushes an already written file's bytes to the disk.</summary>
    public static void Flush(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Writes <paramref name="text"/> to "&lt;path&gt;.&lt;pid&gt;.tmp", flushes it to the disk, then renames it over <paramref name="path"/>.</summary>
    public static void WriteText(string path, string text)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
