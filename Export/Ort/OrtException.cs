namespace GraphNav.Export.Ort;

/// <summary>
/// ONNX Runtime refused to open or run a model, or an execution provider could not load. The
/// message is one line naming the file or the missing piece (ORT's own message included).
/// </summary>
public class OrtException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public OrtException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>The requested execution provider cannot load (e.g. CUDA without its runtime); the message says what is missing and how to fall back.</summary>
public sealed class OrtDeviceException : OrtException
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public OrtDeviceException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
