namespace GraphNav.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("graphnav: not yet implemented");
        return args.Length == 0 ? 0 : 1;
    }
}
