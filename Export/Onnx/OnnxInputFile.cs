using GraphNav.Common;

namespace GraphNav.Export.Onnx;

/// <summary>
/// Checks a file the user names (an ONNX model, its external data) before anything opens it: a
/// regular file (opening a FIFO for reading blocks forever; /dev/zero never ends) of at most
/// <see cref="Limit"/> bytes, through the project's one input-file check (Common/InputFile.cs).
/// </summary>
internal static class OnnxInputFile
{
    /// <summary>2 GiB by default, protobuf's own ceiling for one ONNX file; GRAPHNAV_LIMIT_ONNX_BYTES raises it.</summary>
    public static InputLimit Limit { get; } = new("ONNX_BYTES", 2L << 30);

    /// <summary>The length of <paramref name="path"/> after checking it is a regular file within the limit.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">A directory, FIFO, socket or device, or larger than the limit.</exception>
    public static long CheckedLength(string path, string what) => InputFile.CheckedLength(path, what, Limit);
}
