using System.Runtime.InteropServices;

namespace GraphNav.Export.Ort;

/// <summary>Owns an OrtMemoryInfo describing ordinary CPU memory; <see cref="Cpu"/> is shared.</summary>
public sealed class OrtMemoryInfo : SafeHandle
{
    private static readonly Lazy<OrtMemoryInfo> SharedCpu = new(() => new OrtMemoryInfo());

    private unsafe OrtMemoryInfo() : base(0, ownsHandle: true)
    {
        var api = OrtLibrary.Api;
        const int ArenaAllocator = 1;
        const int MemTypeDefault = 0;
        nint raw;
        api.Check(api.CreateCpuMemoryInfo(ArenaAllocator, MemTypeDefault, &raw));
        SetHandle(raw);
    }

    /// <summary>CPU memory, as used for every tensor GraphNav creates.</summary>
    public static OrtMemoryInfo Cpu => SharedCpu.Value;

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override unsafe bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseMemoryInfo(handle);
        return true;
    }
}
