namespace GraphNav.Export.Ort;

/// <summary>An error reported by ONNX Runtime, with its OrtErrorCode (1 = ORT_FAIL, 2 = INVALID_ARGUMENT, …).</summary>
public sealed class OrtException : Exception
{
    /// <summary>Creates the exception from ORT's error code and message.</summary>
    public OrtException(int errorCode, string message) : base(message) => ErrorCode = errorCode;

    /// <summary>ORT's OrtErrorCode value.</summary>
    public int ErrorCode { get; }
}
