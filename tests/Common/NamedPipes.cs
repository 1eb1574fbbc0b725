using System.Diagnostics;

namespace GraphNav.TestSupport;

/// <summary>
/// Named pipes (FIFOs) for the tests that show a reader refuses them: opening one for reading blocks
/// forever, which is what the readers' regular-file check prevents. One source file, linked into each
/// test project that needs it.
/// </summary>
internal static class NamedPipes
{
    /// <summary>Creates a FIFO at <paramref name="path"/> with the system's mkfifo; false where there is none (Windows, no mkfifo).</summary>
    public static bool TryCreate(string path)
    {
        if (OperatingSystem.IsWindows()) return false;
        try
        {
            using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
