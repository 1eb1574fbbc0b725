using BenchmarkDotNet.Running;

namespace GraphNav.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry point. The console arguments are the interface, e.g.
/// <c>dotnet run -c Release --project Benchmarks -- --filter '*Training*'</c> or <c>--list flat</c>;
/// see README.md for the side-by-side run with the PyTorch reference. <c>profile …</c> runs the
/// training profile instead (<see cref="Profile.TrainingProfile"/>), <c>scaling …</c> one thread against
/// several, interleaved (<see cref="Profile.ScalingProfile"/>).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
#if DEBUG
        Console.Error.WriteLine("warning: benchmarks built in Debug; numbers are meaningless. Use -c Release.");
#endif
        if (args.Length > 0 && args[0] == "profile") return Profile.TrainingProfile.Run(args);
        if (args.Length > 0 && args[0] == "scaling") return Profile.ScalingProfile.Run(args);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
        // Non-zero exit when a benchmark failed to run, so CI notices.
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
