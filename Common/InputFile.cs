using System.Runtime.InteropServices;

namespace GraphNav.Common;

/// <summary>
/// Opens files that the user names as inputs (checkpoints, task files, sentence files) only when
/// they are regular files of bounded size. Without it a FIFO blocks the reader forever and
/// /dev/zero feeds it gigabytes before anything fails. One source file, linked into each assembly
/// that reads user files (Models, Tasks, Export; Cli for InputLimit), so the check exists once.
/// </summary>
internal static partial class InputFile
{
    /// <summary>
    /// Throws <see cref="FileNotFoundException"/> when <paramref name="path"/> does not exist and
    /// <see cref="InvalidDataException"/> when it is not a regular file (a directory, FIFO, socket
    /// or device), naming <paramref name="what"/> ("checkpoint file", "task file", …). Checked
    /// before opening: opening a FIFO for reading already blocks.
    /// </summary>
    public static void CheckRegular(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new InvalidDataException($"{Capitalized(what)} '{path}' is a directory; expected a regular file.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{Capitalized(what)} '{path}' does not exist.", path);
        if (OperatingSystem.IsWindows()) return; // no FIFOs or device nodes behind ordinary paths there
        string? kind = UnixFileKind(path);
        if (kind is not null)
            throw new InvalidDataException($"{Capitalized(what)} '{path}' is a {kind}, not a regular file; pass a file on disk.");
    }

    /// <summary>
    /// <see cref="CheckRegular"/>, then the file's length, refused with <see cref="InvalidDataException"/>
    /// when it exceeds <paramref name="limit"/>.
    /// </summary>
    public static long CheckedLength(string path, string what, InputLimit limit)
    {
        CheckRegular(path, what);
        long length = new FileInfo(path).Length;
        limit.Check(length, $"{what} '{path}'", "size in bytes");
        return length;
    }

    /// <summary>Opens a regular file of at most <paramref name="limit"/> bytes for reading.</summary>
    public static FileStream OpenRead(string path, string what, InputLimit limit)
    {
        CheckedLength(path, what, limit);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    /// <summary>
    /// Reads a regular file of at most <paramref name="limit"/> bytes. Reads at most the length seen
    /// before opening, so a file that grows meanwhile cannot make it read without bound.
    /// </summary>
    public static byte[] ReadAllBytes(string path, string what, InputLimit limit)
    {
        long length = CheckedLength(path, what, limit);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        var bytes = new byte[length];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = stream.Read(bytes, read, bytes.Length - read);
            if (n == 0) break;
            read += n;
        }
        return read == bytes.Length ? bytes : bytes[..read];
    }

    private static string Capitalized(string what) => what.Length == 0 ? what : char.ToUpperInvariant(what[0]) + what[1..];

    /// <summary>Null for a regular file, else what the path is ("FIFO", "character device", …).</summary>
    private static string? UnixFileKind(string path)
    {
        // The runtime's own stat wrapper (libSystem.Native ships with every .NET on Unix): its
        // FileStatus starts with int32 Flags, int32 Mode on every platform, with the S_IF* type bits
        // in .NET's own fixed encoding, unlike libc's struct stat whose layout differs per
        // architecture. The buffer is larger than the struct has ever been.
        Span<byte> status = stackalloc byte[512];
        int result;
        unsafe
        {
            fixed (byte* buffer = status) result = SystemNativeStat(path, buffer);
        }
        if (result != 0) return null; // vanished meanwhile: the open reports it
        int type = BitConverter.ToInt32(status[4..8]) & 0xF000;
        return type switch
        {
            0x8000 => null,
            0x1000 => "FIFO (named pipe)",
            0x2000 => "character device",
            0x6000 => "block device",
            0xC000 => "socket",
            0x4000 => "directory",
            _ => "special file",
        };
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int SystemNativeStat(string path, byte* status);
}

/// <summary>
/// An upper bound on a size read from a file or argument, with the environment variable
/// (<c>GRAPHNAV_LIMIT_&lt;NAME&gt;</c>) that raises it where a larger value is legitimate.
/// </summary>
/// <param name="Name">Upper-case name of the limit, e.g. NODES; the override is GRAPHNAV_LIMIT_NODES.</param>
/// <param name="Default">The bound when the variable is not set.</param>
internal sealed record InputLimit(string Name, long Default)
{
    /// <summary>The environment variable that overrides <see cref="Default"/>.</summary>
    public string Variable => "GRAPHNAV_LIMIT_" + Name;

    /// <summary>The bound in force: the variable's value when it is a positive integer, else the default.</summary>
    public long Value =>
        long.TryParse(Environment.GetEnvironmentVariable(Variable), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out long v) && v > 0 ? v : Default;

    /// <summary>Throws <see cref="InvalidDataException"/> naming source, field, value, limit and override when value &gt; limit.</summary>
    public void Check(long value, string source, string field)
    {
        if (Problem(value, field) is { } problem) throw new InvalidDataException($"{source}: {problem}");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming field, value, limit and override when value &gt; limit
    /// (for validators whose callers add the file name).</summary>
    public void CheckArgument(long value, string field)
    {
        if (Problem(value, field) is { } problem) throw new ArgumentException(problem);
    }

    private string? Problem(long value, string field)
    {
        long limit = Value;
        return value > limit ? $"{field} = {value} exceeds the limit {limit} (set {Variable} to allow more)." : null;
    }
}
