using System.Runtime.InteropServices;

namespace GraphNav.Experiments.Results;

/// <summary>Where a measurement was taken: results from different machines are never mixed.</summary>
/// <param name="Host">Machine name.</param>
/// <param name="Cpu">Processor model (from /proc/cpuinfo on Linux).</param>
/// <param name="Cores">Logical processors visible to the process.</param>
/// <param name="Os">Operating system description.</param>
/// <param name="Runtime">.NET runtime description.</param>
/// <param name="Simd">Widest hardware-accelerated vector width in bits.</param>
public sealed record MachineInfo(string Host, string Cpu, int Cores, string Os, string Runtime, int Simd)
{
    /// <summary>The machine this process runs on.</summary>
    public static MachineInfo Current { get; } = Read();

    private static MachineInfo Read() => new(
        Environment.MachineName,
        CpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 512
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 256 : 128);

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null) return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            // An unreadable cpuinfo only loses a label.
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
