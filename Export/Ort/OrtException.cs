namespace GraphNav.Export.Ort;

/// <summary>
/// ONNX Runtime refused to open or run a model, or an execution provider could not load. The
/// message is one line naming the file or the missing piece (ORT's own message included).
/// </summary>
public sealed class OrtException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public OrtException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
