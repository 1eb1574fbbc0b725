using System.Runtime.InteropServices;

namespace GraphNav.Export.Ort;

/// <summary>
/// Loads the ONNX Runtime native library once per process and exposes its function table.
/// Default: the library the build copied next to this assembly (libonnxruntime.so.1,
/// libonnxruntime.1.dylib or onnxruntime.dll). The environment variable
/// <see cref="LibraryVariable"/> names another build to load instead (for example a CUDA one,
/// whose provider libraries sit beside it).
/// </summary>
public static unsafe class OrtLibrary
{
    /// <summary>Environment variable: path of a libonnxruntime to load instead of the bundled one.</summary>
    public const string LibraryVariable = "GRAPHNAV_ORT_LIBRARY";

    /// <summary>The API version GraphNav was written against (ORT 1.30).</summary>
    public const uint PreferredApiVersion = 30;

    /// <summary>The oldest API version whose table has every slot GraphNav reads.</summary>
    public const uint MinimumApiVersion = 15;

    private static readonly Lazy<(OrtApi Api, string Path, string Version)> Loaded = new(Load);

    internal static OrtApi Api => Loaded.Value.Api;

    /// <summary>Full path of the native library that was loaded.</summary>
    public static string LibraryPath => Loaded.Value.Path;

    /// <summary>ORT's version string, e.g. "1.30.0".</summary>
    public static string Version => Loaded.Value.Version;

    /// <summary>The C API version granted (30 for ORT 1.30).</summary>
    public static uint ApiVersion => Api.Version;

    /// <summary>ORT's build description (git commit, build options), for reports.</summary>
    public static string BuildInfo => Marshal.PtrToStringUTF8((nint)Api.GetBuildInfoString()) ?? "";

    /// <summary>Execution providers compiled into the loaded library, e.g. CPUExecutionProvider.</summary>
    public static IReadOnlyList<string> AvailableProviders
    {
        get
        {
            byte** names;
            int count;
            Api.Check(Api.GetAvailableProviders(&names, &count));
            try
            {
                var list = new string[count];
                for (var i = 0; i < count; i++)
                {
                    list[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? "";
                }
                return list;
            }
            finally
            {
                Api.Check(Api.ReleaseAvailableProviders(names, count));
            }
        }
    }

    /// <summary>The file name the build places next to the assembly on this operating system.</summary>
    public static string BundledFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? "libonnxruntime.1.dylib"
        : "libonnxruntime.so.1";

    private static (OrtApi, string, string) Load()
    {
        var overridePath = Environment.GetEnvironmentVariable(LibraryVariable);
        string path;
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            path = Path.GetFullPath(overridePath);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"{LibraryVariable}={overridePath} does not exist; point it at a libonnxruntime file or unset it to use the bundled library.", path);
            }
        }
        else
        {
            path = Path.Combine(AppContext.BaseDirectory, BundledFileName);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The ONNX Runtime library {path} is missing. Build the project with `dotnet build` (it fetches onnxruntime-node@1.30.0 with npm), or set {LibraryVariable}.", path);
            }
        }

        nint handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException($"Could not load the ONNX Runtime library {path}: {e.Message}", e);
        }
        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out var getApiBase))
        {
            throw new EntryPointNotFoundException($"{path} has no OrtGetApiBase export: it is not an ONNX Runtime library.");
        }

        // OrtApiBase is { GetApi(uint32) , GetVersionString() }.
        var apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        var getApi = (delegate* unmanaged<uint, nint>)apiBase[0];
        var getVersion = (delegate* unmanaged<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "unknown";
        for (var v = PreferredApiVersion; v >= MinimumApiVersion; v--)
        {
            var table = getApi(v);
            if (table != 0)
            {
                return (new OrtApi(table, v), path, version);
            }
        }
        throw new NotSupportedException(
            $"ONNX Runtime {version} at {path} offers none of the C API versions {MinimumApiVersion}–{PreferredApiVersion} GraphNav needs.");
    }
}
