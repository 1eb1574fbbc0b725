using System.Globalization;
using System.Runtime.InteropServices;

namespace GraphNav.Export.Onnx;

/// <summary>
/// Checks a file the user names (an ONNX model, its external data) before anything opens it: it
/// must be a regular file (opening a FIFO for reading blocks forever; /dev/zero never ends) of at
/// most <see cref="LimitBytes"/> bytes. One line names the file and the fix.
/// </summary>
internal static partial class OnnxInputFile
{
    /// <summary>Environment variable that raises the size limit (bytes).</summary>
    public const string LimitVariable = "GRAPHNAV_LIMIT_ONNX_BYTES";

    /// <summary>Default limit: 2 GiB, protobuf's own ceiling for one ONNX file.</summary>
    public const long DefaultLimitBytes = 2L << 30;

    /// <summary>The limit in force (<see cref="LimitVariable"/> when it is a positive integer).</summary>
    public static long LimitBytes =>
        long.TryParse(Environment.GetEnvironmentVariable(LimitVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v : DefaultLimitBytes;

    /// <summary>The length of <paramref name="path"/> after checking it is a regular file within the limit.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">A directory, FIFO, socket or device, or larger than the limit.</exception>
    public static long CheckedLength(string path, string what)
    {
        if (Directory.Exists(path))
            throw new InvalidDataException($"{what} {path} is a directory; expected a regular file.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{what} {path} does not exist.", path);
        if (!OperatingSystem.IsWindows() && UnixFileKind(path) is { } kind)
            throw new InvalidDataException($"{what} {path} is a {kind}, not a regular file; pass a file on disk.");
        long length = new FileInfo(path).Length;
        long limit = LimitBytes;
        if (length > limit)
            throw new InvalidDataException($"{what} {path} has {length} bytes, more than the limit {limit} (set {LimitVariable} to allow more).");
        return length;
    }

    /// <summary>Null for a regular file, else what the path is ("FIFO (named pipe)", "character device", …).</summary>
    private static string? UnixFileKind(string path)
    {
        // The runtime's own stat wrapper (libSystem.Native ships with every .NET on Unix): its
        // FileStatus starts with int32 Flags, int32 Mode on every platform, with the S_IF* type bits
        // in a fixed encoding, unlike libc's struct stat whose layout differs per architecture.
        Span<byte> status = stackalloc byte[512];
        int result;
        unsafe
        {
            fixed (byte* buffer = status) result = SystemNativeStat(path, buffer);
        }
        if (result != 0) return null; // vanished meanwhile: the open reports it
        return (BitConverter.ToInt32(status[4..8]) & 0xF000) switch
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
