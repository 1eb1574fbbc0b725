using System.Text.Json;
using GraphNav.Export.Ort;

namespace GraphNav.Cli;

/// <summary>
/// Turns exceptions into the CLI's one-line errors: bad input (a missing or malformed file, an
/// invalid value) is the user's to fix and gets its message and exit code 1, never a stack trace;
/// anything else is a bug and gets exit code 70 with a hint to rerun with GRAPHNAV_DEBUG=1.
/// </summary>
internal static class CliErrors
{
    public const int UserError = 1;
    public const int InternalError = 70;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("graphnav: cancelled");
            return 130;
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"graphnav: error: {OneLine(e.Message)}");
            return UserError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("GRAPHNAV_DEBUG") != "1")
        {
            Console.Error.WriteLine($"graphnav: internal error ({e.GetType().Name}): {OneLine(e.Message)} (set GRAPHNAV_DEBUG=1 for the stack trace)");
            return InternalError;
        }
    }

    private static bool IsUserError(Exception e) => e is ArgumentException or FormatException or InvalidDataException
        or FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException
        or JsonException or OrtException or NotSupportedException or Models.Training.TrainingDivergedException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
