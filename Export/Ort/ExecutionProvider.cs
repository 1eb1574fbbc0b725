namespace GraphNav.Export.Ort;

/// <summary>Where ORT runs a session.</summary>
public enum ExecutionProvider
{
    /// <summary>ORT's CPU provider (always present).</summary>
    Cpu,
    /// <summary>ORT's CUDA provider; fails with a clear message when its library is absent.</summary>
    Cuda,
    /// <summary>CUDA when available, else CPU (said once on the warning channel).</summary>
    Auto,
}
