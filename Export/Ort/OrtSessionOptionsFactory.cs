using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace GraphNav.Export.Ort;

/// <summary>
/// Builds the official <see cref="SessionOptions"/> from <see cref="OrtSessionSettings"/>: threads,
/// optimisation level, and the execution provider, turning ORT's long CUDA load failure into one
/// line that names the missing library and the fallback.
/// </summary>
internal static partial class OrtSessionOptionsFactory
{
    private static int autoFallbackSaid;

    /// <summary>Options for <paramref name="settings"/> and the provider they ask for ("cpu" or "cuda:N").</summary>
    /// <exception cref="OrtDeviceException">cuda was asked for and cannot load (one line: what is missing, how to fall back).</exception>
    /// <exception cref="ArgumentException">Bad thread count or provider-option string.</exception>
    /// <param name="settings">What to open with.</param>
    /// <param name="announceFallback">False when only asking (no session follows): the once-per-process auto notice is kept for the real session.</param>
    public static (SessionOptions Options, string Provider) Create(OrtSessionSettings settings, bool announceFallback = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.IntraOpThreads, 1, nameof(settings.IntraOpThreads));
        var providerOptions = ParseProviderOptions(settings.ProviderOptions);
        if (providerOptions.Count > 0 && settings.Device.Kind == OrtDeviceKind.Cpu)
        {
            throw new ArgumentException(
                $"provider options '{settings.ProviderOptions}' apply to the cuda provider, but the device is cpu; drop them or use --device cuda/auto.");
        }
        var options = new SessionOptions
        {
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            GraphOptimizationLevel = (GraphOptimizationLevel)(int)settings.OptimizationLevel,
            IntraOpNumThreads = settings.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        try
        {
            // Idle ORT worker threads otherwise spin and steal the cores our own engine uses.
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            string provider = "cpu";
            switch (settings.Device.Kind)
            {
                case OrtDeviceKind.Cpu:
                    break;
                case OrtDeviceKind.Cuda:
                    AppendCuda(options, settings.Device.DeviceId, providerOptions);
                    provider = settings.Device.ToString();
                    break;
                case OrtDeviceKind.Auto:
                    try
                    {
                        AppendCuda(options, settings.Device.DeviceId, providerOptions);
                        provider = $"cuda:{settings.Device.DeviceId}";
                    }
                    catch (OrtDeviceException e)
                    {
                        if (announceFallback) AnnounceFallback(settings, e.Message);
                    }
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(settings), settings.Device, $"Device must be {OrtDevice.Syntax}.");
            }
            return (options, provider);
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>Says, once per process, that 'auto' runs on the CPU and why.</summary>
    internal static void AnnounceFallback(OrtSessionSettings settings, string why)
    {
        if (Interlocked.Exchange(ref autoFallbackSaid, 1) == 0)
        {
            var warn = settings.Warn ?? (m => Console.Error.WriteLine(m));
            warn($"warning: device auto: CUDA is unavailable, running ONNX Runtime on CPU ({why})");
        }
    }

    /// <summary>Lets tests hear the once-per-process 'auto' notice again.</summary>
    internal static void ResetAutoFallbackNotice() => Interlocked.Exchange(ref autoFallbackSaid, 0);

    /// <summary>"k=v;k=v" → dictionary; empty for an empty string.</summary>
    /// <exception cref="ArgumentException">A pair without '=' or with an empty key.</exception>
    internal static Dictionary<string, string> ParseProviderOptions(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new ArgumentException($"provider option '{pair}' is not key=value (write e.g. gpu_mem_limit=2147483648;arena_extend_strategy=kSameAsRequested).");
            result[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }
        return result;
    }

    private static void AppendCuda(SessionOptions options, int deviceId, Dictionary<string, string> providerOptions)
    {
        try
        {
            using var cuda = new OrtCUDAProviderOptions();
            var all = new Dictionary<string, string>(providerOptions, StringComparer.Ordinal);
            all.TryAdd("device_id", deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cuda.UpdateOptions(all);
            options.AppendExecutionProvider_CUDA(cuda);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OrtDeviceException(CudaFailureMessage(e.Message), e);
        }
    }

    /// <summary>
    /// ORT's message is several lines long and ends in the dlopen error; keep the missing library
    /// it names (e.g. libcublasLt.so.13) and say what to do.
    /// </summary>
    internal static string CudaFailureMessage(string ortMessage)
    {
        var missing = MissingLibrary().Match(ortMessage);
        var what = missing.Success
            ? $"{missing.Groups[1].Value} cannot be loaded (the CUDA 13 runtime, cuBLAS and cuDNN 9 must be on the library path)"
            : $"ONNX Runtime said: {string.Join(' ', ortMessage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}";
        return $"the CUDA execution provider is unavailable: {what}; use --device cpu, or --device auto to fall back to CPU.";
    }

    [GeneratedRegex(@"([\w.+-]+\.so[\w.]*): cannot open shared object file")]
    private static partial Regex MissingLibrary();
}
