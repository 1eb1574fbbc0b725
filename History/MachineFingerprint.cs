using System.Numerics;
using System.Runtime.InteropServices;
using GraphNav.Experiments.Results;

namespace GraphNav.History;

/// <summary>
/// The hardware a run's numbers belong to. Runs are compared only within one fingerprint: the same
/// CPU model, core count, SIMD widths, architecture and OS. The host name is kept per run, not here,
/// because CI machines get a fresh name every time while their hardware repeats.
/// </summary>
/// <param name="Cpu">Processor model (/proc/cpuinfo "model name" on Linux).</param>
/// <param name="Cores">Logical processors visible to the process.</param>
/// <param name="SimdBits">Widest hardware-accelerated System.Runtime.Intrinsics vector, in bits.</param>
/// <param name="VectorFloatBits">Width of <see cref="Vector{T}"/> of float, in bits (what the engine's kernels use).</param>
/// <param name="Avx512F">Whether AVX-512 Foundation is supported.</param>
/// <param name="Architecture">Process architecture, e.g. X64.</param>
/// <param name="Os">Operating system description.</param>
public sealed record MachineFingerprint(string Cpu, int Cores, int SimdBits, int VectorFloatBits, bool Avx512F, string Architecture, string Os)
{
    /// <summary>The machine this process runs on.</summary>
    public static MachineFingerprint Current { get; } = new(
        MachineInfo.Current.Cpu,
        Environment.ProcessorCount,
        MachineInfo.Current.Simd,
        Vector<float>.Count * 32,
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported,
        RuntimeInformation.ProcessArchitecture.ToString(),
        MachineInfo.Current.Os);

    /// <summary>The identity string runs are grouped by (every field, in order).</summary>
    public string Key => $"{Cpu} | {Cores} cores | SIMD {SimdBits} | Vector<float> {VectorFloatBits} | AVX-512F {(Avx512F ? "yes" : "no")} | {Architecture} | {Os}";

    /// <summary>A short label for tables and charts: "CPU, N cores, SIMD bits".</summary>
    public string Label => $"{Cpu}, {Cores} cores, {SimdBits}-bit SIMD";
}
