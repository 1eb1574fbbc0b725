using System.Runtime.InteropServices;

namespace GraphNav.Export.Ort;

/// <summary>
/// The process-wide OrtEnv (ORT allows one). Created on first use with logging at WARNING;
/// never released, because sessions may outlive any owner we could name.
/// </summary>
public sealed class OrtEnvironment : SafeHandle
{
    private static readonly Lazy<OrtEnvironment> Shared = new(Create);

    private OrtEnvironment() : base(0, ownsHandle: true)
    {
    }

    /// <summary>The single environment.</summary>
    public static OrtEnvironment Instance => Shared.Value;

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    private static unsafe OrtEnvironment Create()
    {
        var api = OrtLibrary.Api;
        var env = new OrtEnvironment();
        const int LoggingWarning = 2;
        var logId = "graphnav"u8;
        nint raw;
        fixed (byte* id = logId)
        {
            // "graphnav"u8 literals are null-terminated in memory.
            api.Check(api.CreateEnv(LoggingWarning, id, &raw));
        }
        env.SetHandle(raw);
        return env;
    }

    /// <inheritdoc />
    protected override unsafe bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseEnv(handle);
        return true;
    }
}
