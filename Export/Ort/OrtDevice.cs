using System.Globalization;

namespace GraphNav.Export.Ort;

/// <summary>Which execution provider a session asks for.</summary>
public enum OrtDeviceKind
{
    /// <summary>ORT's CPU provider (always present).</summary>
    Cpu,
    /// <summary>ORT's CUDA provider; opening fails with one line naming what is missing when it cannot load.</summary>
    Cuda,
    /// <summary>CUDA when it loads, else CPU (said once per process on the warning channel).</summary>
    Auto,
}

/// <summary>
/// A device choice as users type it: <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (GPU N).
/// </summary>
/// <param name="Kind">cpu, cuda or auto.</param>
/// <param name="DeviceId">The CUDA device index (0 unless <c>cuda:N</c> says otherwise).</param>
public sealed record OrtDevice(OrtDeviceKind Kind, int DeviceId = 0)
{
    /// <summary>The CPU provider.</summary>
    public static OrtDevice Cpu { get; } = new(OrtDeviceKind.Cpu);

    /// <summary>CUDA if it loads, else CPU.</summary>
    public static OrtDevice Auto { get; } = new(OrtDeviceKind.Auto);

    /// <summary>What the option accepts, for messages.</summary>
    public const string Syntax = "auto, cpu, cuda or cuda:N";

    /// <summary>Parses <c>auto|cpu|cuda[:N]</c> (case-insensitive).</summary>
    /// <exception cref="FormatException">Anything else; the message names the value and the accepted forms.</exception>
    public static OrtDevice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim().ToLowerInvariant();
        switch (value)
        {
            case "cpu":
                return Cpu;
            case "auto":
                return Auto;
            case "cuda":
                return new OrtDevice(OrtDeviceKind.Cuda);
        }
        if (value.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new OrtDevice(OrtDeviceKind.Cuda, id);
        }
        throw new FormatException($"device '{text}' is not one of {Syntax}.");
    }

    /// <summary>"cpu", "auto", "cuda:0" — the form <see cref="Parse"/> reads back.</summary>
    public override string ToString() => Kind switch
    {
        OrtDeviceKind.Cuda => $"cuda:{DeviceId}",
        OrtDeviceKind.Auto => "auto",
        _ => "cpu",
    };
}
