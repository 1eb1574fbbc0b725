namespace GraphNav.Fuzz.Tests;

/// <summary>Entry point of this assembly as a program: the CLI fuzz's child process (see <see cref="CliServer"/>).</summary>
public static class Program
{
    /// <summary>"cli-server": serve graphnav invocations read from stdin; anything else: exit 2.</summary>
    public static int Main(string[] args) => args is ["cli-server"] ? CliServer.Serve() : 2;
}
