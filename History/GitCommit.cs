using System.Diagnostics;

namespace GraphNav.History;

/// <summary>The git commit a run was built from, when it can be found (null otherwise: a run is never refused for it).</summary>
public static class GitCommit
{
    /// <summary>
    /// $GITHUB_SHA / $CI_COMMIT_SHA when set (CI checkouts may lack git), else <c>git rev-parse HEAD</c>
    /// in the current folder, else null.
    /// </summary>
    public static string? Current { get; } = Find();

    private static string? Find()
    {
        foreach (var variable in new[] { "GITHUB_SHA", "CI_COMMIT_SHA" })
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } sha) return sha;
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd().Trim();
            // A hung git must not hang a test run; the commit is only a label.
            if (!git.WaitForExit(5000)) { git.Kill(); return null; }
            return git.ExitCode == 0 && output.Length >= 7 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
