using System.Runtime.InteropServices;
using System.Text;

namespace GraphNav.Export.Ort;

/// <summary>Owns an OrtSessionOptions configured from <see cref="OrtSessionSettings"/>.</summary>
public sealed class OrtSessionOptions : SafeHandle
{
    private static int autoFallbackSaid;

    /// <summary>Creates and configures the native options; throws OrtException if ORT refuses one.</summary>
    public unsafe OrtSessionOptions(OrtSessionSettings settings) : base(0, ownsHandle: true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.IntraOpThreads, 1, nameof(settings.IntraOpThreads));
        var api = OrtLibrary.Api;
        nint raw;
        api.Check(api.CreateSessionOptions(&raw));
        SetHandle(raw);

        const int Sequential = 0;
        const int LoggingWarning = 2;
        api.Check(api.SetSessionExecutionMode(raw, Sequential));
        api.Check(api.SetSessionLogSeverityLevel(raw, LoggingWarning));
        api.Check(api.SetSessionGraphOptimizationLevel(raw, (int)settings.OptimizationLevel));
        api.Check(api.SetIntraOpNumThreads(raw, settings.IntraOpThreads));
        api.Check(api.SetInterOpNumThreads(raw, 1));
        // Idle ORT worker threads otherwise spin and steal the cores our own engine uses.
        AddConfigEntry("session.intra_op.allow_spinning", "0");

        switch (settings.Provider)
        {
            case ExecutionProvider.Cpu:
                break;
            case ExecutionProvider.Cuda:
                AppendCuda();
                break;
            case ExecutionProvider.Auto:
                try
                {
                    AppendCuda();
                }
                catch (OrtException e)
                {
                    if (Interlocked.Exchange(ref autoFallbackSaid, 1) == 0)
                    {
                        var warn = settings.Warn ?? (m => Console.Error.WriteLine(m));
                        warn($"warning: execution provider 'auto': CUDA is unavailable, running ONNX Runtime on CPU ({e.Message})");
                    }
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Execution provider must be cpu, cuda or auto.");
        }
    }

    /// <summary>Lets tests hear the once-per-process 'auto' notice again.</summary>
    internal static void ResetAutoFallbackNotice() => Interlocked.Exchange(ref autoFallbackSaid, 0);

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>Sets one session config entry (key/value strings ORT documents).</summary>
    public unsafe void AddConfigEntry(string key, string value)
    {
        var api = OrtLibrary.Api;
        fixed (byte* k = Utf8Z(key))
        fixed (byte* v = Utf8Z(value))
        {
            api.Check(api.AddSessionConfigEntry(handle, k, v));
        }
    }

    private unsafe void AppendCuda()
    {
        var api = OrtLibrary.Api;
        nint cudaOptions;
        try
        {
            api.Check(api.CreateCUDAProviderOptions(&cudaOptions));
        }
        catch (OrtException e)
        {
            throw new OrtException(e.ErrorCode, CudaFailureMessage(e.Message));
        }
        try
        {
            api.Check(api.SessionOptionsAppendExecutionProvider_CUDA_V2(handle, cudaOptions));
        }
        catch (OrtException e)
        {
            throw new OrtException(e.ErrorCode, CudaFailureMessage(e.Message));
        }
        finally
        {
            api.ReleaseCUDAProviderOptions(cudaOptions);
        }
    }

    /// <summary>
    /// ORT's own status says only "Failed to load shared library" (the file name goes to its log),
    /// so name the provider libraries missing beside the loaded libonnxruntime ourselves.
    /// </summary>
    private static string CudaFailureMessage(string ortMessage)
    {
        var folder = Path.GetDirectoryName(OrtLibrary.LibraryPath)!;
        string[] needed = OperatingSystem.IsWindows()
            ? ["onnxruntime_providers_shared.dll", "onnxruntime_providers_cuda.dll"]
            : OperatingSystem.IsMacOS()
                ? ["libonnxruntime_providers_shared.dylib", "libonnxruntime_providers_cuda.dylib"]
                : ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"];
        var missing = needed.Where(name => !File.Exists(Path.Combine(folder, name))).ToList();
        var reason = missing.Count > 0
            ? $"{folder} lacks {string.Join(" and ", missing)} (the npm build of ONNX Runtime ships without them)"
            : "the provider libraries are present, so CUDA, cuDNN or the GPU driver is probably missing";
        return $"The CUDA execution provider is unavailable: {reason}. ORT said: {ortMessage}. " +
            $"Use the cpu provider, or set {OrtLibrary.LibraryVariable} to a GPU build of ONNX Runtime.";
    }

    internal static byte[] Utf8Z(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    /// <inheritdoc />
    protected override unsafe bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseSessionOptions(handle);
        return true;
    }
}
