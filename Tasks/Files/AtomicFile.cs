namespace GraphNav.Tasks.Files;

/// <summary>Writes a file so that readers see either the old complete file or the new complete one.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes through <paramref name="write"/> into a temporary file in the destination's folder (same
    /// volume, so the rename is atomic), flushes it, then renames it over <paramref name="path"/>. If
    /// writing fails the temporary file is deleted and any existing file is untouched.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
