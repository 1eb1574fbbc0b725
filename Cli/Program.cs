using System.CommandLine;
using GraphNav.Cli.Commands;
using Spectre.Console;

namespace GraphNav.Cli;

/// <summary>
/// <c>graphnav</c>: export tasks, train, export ONNX, evaluate. With no arguments it runs the main
/// job, <c>graphnav evaluate</c> on the built-in reference model.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Logs and pipes: no colour codes, and tables as wide as they need to be.
            AnsiConsole.Profile.Capabilities.Ansi = false;
            AnsiConsole.Profile.Width = 160;
        }
        var root = new RootCommand("GraphNav: a regression suite for stepwise reasoning in transformers. With no arguments: evaluate the built-in reference model.")
        {
            EvaluateCommand.Create(),
            TaskCommand.Create(),
            TrainCommand.Create(),
            ExportCommand.Create(),
            ReportCommand.Create(),
            InspectCommand.Create(),
            CompareCommand.Create(),
            CheckCommand.Create(),
            HistoryCommand.Create(),
            LegoCommand.Create(),
        };
        return root.Parse(args.Length == 0 ? ["evaluate"] : args).Invoke();
    }
}
