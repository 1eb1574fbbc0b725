using System.Runtime.InteropServices;

namespace GraphNav.Torch;

/// <summary>
/// Process settings that must be in place before libtorch loads. libtorch's OpenMP runtime spins
/// while its threads wait for work; on a machine whose cores are shared (other processes, the
/// engine's own worker pool, a test runner) spinning threads steal the cores the working threads
/// need. Measured here: a paper-A GPT step with 2 threads took 905 ms with spinning and 61 ms with
/// OMP_WAIT_POLICY=PASSIVE (the CPU-bound single-thread step: ~50 ms). So unless the user sets
/// OMP_WAIT_POLICY, GraphNav sets it to PASSIVE in the native environment, which OpenMP reads when
/// libtorch loads. Every entry point of this assembly calls <see cref="Initialize"/> first.
/// </summary>
internal static partial class TorchRuntime
{
    private static int _done;

    /// <summary>Applies the settings once (no-op after the first call, and on Windows).</summary>
    public static void Initialize()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1) return;
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null) return;
        // .NET keeps its own copy of the environment on Unix; OpenMP reads the C library's.
        _ = SetEnvironment("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
