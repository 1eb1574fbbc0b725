using System.Runtime.InteropServices;

namespace GraphNav.Export.Ort;

/// <summary>
/// The slice of ONNX Runtime's C function table (OrtApi) that GraphNav calls. Each field is read
/// at its zero-based slot (reference/ort-c-api-1.30.md; the table is append-only, so the slots are
/// stable across API versions 15–30). Handles are opaque pointers (nint); every function that can
/// fail returns an OrtStatus* that <see cref="Check"/> turns into an exception.
/// </summary>
internal sealed unsafe class OrtApi
{
    public readonly delegate* unmanaged<nint, int> GetErrorCode;
    public readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<int, byte*, nint*, nint> CreateEnv;
    public readonly delegate* unmanaged<nint, void*, nint, nint*, nint> CreateSession;
    public readonly delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionExecutionMode;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionLogSeverityLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetInterOpNumThreads;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    public readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<nint, void**, nint> GetTensorMutableData;
    public readonly delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetTensorElementType;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetTensorShapeElementCount;
    public readonly delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;
    public readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseEnv;
    public readonly delegate* unmanaged<nint, void> ReleaseStatus;
    public readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSession;
    public readonly delegate* unmanaged<nint, void> ReleaseValue;
    public readonly delegate* unmanaged<nint, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<byte***, int*, nint> GetAvailableProviders;
    public readonly delegate* unmanaged<byte**, int, nint> ReleaseAvailableProviders;
    public readonly delegate* unmanaged<nint, byte*, byte*, nint> AddSessionConfigEntry;
    public readonly delegate* unmanaged<nint, nint, nint> SessionOptionsAppendExecutionProvider_CUDA_V2;
    public readonly delegate* unmanaged<nint*, nint> CreateCUDAProviderOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseCUDAProviderOptions;
    public readonly delegate* unmanaged<byte*> GetBuildInfoString;

    /// <summary>Reads the function pointers from the table ORT returned for <paramref name="version"/>.</summary>
    public OrtApi(nint table, uint version)
    {
        Version = version;
        var slot = (nint*)table;
        GetErrorCode = (delegate* unmanaged<nint, int>)slot[1];
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)slot[2];
        CreateEnv = (delegate* unmanaged<int, byte*, nint*, nint>)slot[3];
        CreateSession = (delegate* unmanaged<nint, void*, nint, nint*, nint>)slot[7];
        Run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)slot[9];
        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)slot[10];
        SetSessionExecutionMode = (delegate* unmanaged<nint, int, nint>)slot[13];
        SetSessionLogSeverityLevel = (delegate* unmanaged<nint, int, nint>)slot[22];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)slot[23];
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)slot[24];
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)slot[25];
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)slot[30];
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)slot[31];
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)slot[33];
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)slot[34];
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)slot[36];
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)slot[37];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)slot[49];
        GetTensorMutableData = (delegate* unmanaged<nint, void**, nint>)slot[51];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)slot[55];
        GetTensorElementType = (delegate* unmanaged<nint, int*, nint>)slot[60];
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)slot[61];
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)slot[62];
        GetTensorShapeElementCount = (delegate* unmanaged<nint, nuint*, nint>)slot[64];
        GetTensorTypeAndShape = (delegate* unmanaged<nint, nint*, nint>)slot[65];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)slot[69];
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)slot[76];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)slot[78];
        ReleaseEnv = (delegate* unmanaged<nint, void>)slot[92];
        ReleaseStatus = (delegate* unmanaged<nint, void>)slot[93];
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)slot[94];
        ReleaseSession = (delegate* unmanaged<nint, void>)slot[95];
        ReleaseValue = (delegate* unmanaged<nint, void>)slot[96];
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)slot[98];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<nint, void>)slot[99];
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)slot[100];
        GetAvailableProviders = (delegate* unmanaged<byte***, int*, nint>)slot[125];
        ReleaseAvailableProviders = (delegate* unmanaged<byte**, int, nint>)slot[126];
        AddSessionConfigEntry = (delegate* unmanaged<nint, byte*, byte*, nint>)slot[130];
        SessionOptionsAppendExecutionProvider_CUDA_V2 = (delegate* unmanaged<nint, nint, nint>)slot[204];
        CreateCUDAProviderOptions = (delegate* unmanaged<nint*, nint>)slot[205];
        ReleaseCUDAProviderOptions = (delegate* unmanaged<nint, void>)slot[208];
        GetBuildInfoString = (delegate* unmanaged<byte*>)slot[254];
    }

    /// <summary>The API version ORT granted (30 for 1.30; lower when an older library was loaded).</summary>
    public uint Version { get; }

    /// <summary>
    /// Throws <see cref="OrtException"/> carrying ORT's code and message when <paramref name="status"/>
    /// is not NULL; the status is always released.
    /// </summary>
    public void Check(nint status)
    {
        if (status == 0)
        {
            return;
        }
        try
        {
            var code = GetErrorCode(status);
            var message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? "(no message)";
            throw new OrtException(code, $"ONNX Runtime error {code}: {message}");
        }
        finally
        {
            ReleaseStatus(status);
        }
    }
}
