using GraphNav.Experiments;
using GraphNav.Models.Training;
using Humanizer;
using Spectre.Console;

namespace GraphNav.Cli;

/// <summary>
/// Progress for the command line's long work (training, sampling, sweeps): a Spectre.Console
/// progress bar or status line in a terminal, and plain lines, about twenty per run, when output is
/// redirected, so that CI logs stay readable (no cursor movement, no colour codes).
/// </summary>
internal static class LongWork
{
    /// <summary>Whether the live display can be used: both output streams are a terminal that Spectre can drive.</summary>
    public static bool Interactive =>
        !Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs a training of <paramref name="totalSteps"/> steps with a progress bar (loss, tokens/s, time left), or plain lines to <paramref name="plainOutput"/>.</summary>
    public static T Training<T>(string title, int totalSteps, TextWriter plainOutput, Func<IProgress<TrainingProgress>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!Interactive) return work(new TrainingProgressPrinter(totalSteps, plainOutput));
        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), autoStart: true, maxValue: totalSteps);
                return work(new InlineProgress<TrainingProgress>(p =>
                {
                    task.Value = p.Step;
                    task.Description = Markup.Escape($"{title}: step {p.Step:N0}, loss {p.Loss:F4}, {p.TokensPerSecond.ToMetric(decimals: 1)} tokens/s");
                }));
            });
    }

    /// <summary>Runs work that reports lines (sampling, phenomenon sweeps): a status line with the latest in a terminal, else each line to <paramref name="plainOutput"/>.</summary>
    public static T Steps<T>(string title, TextWriter plainOutput, Func<IProgress<string>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(plainOutput);
        if (!Interactive) return work(new InlineProgress<string>(line => plainOutput.WriteLine($"  {line}")));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = AnsiConsole.Status().Start(Markup.Escape(title), context => work(new InlineProgress<string>(line =>
        {
            AnsiConsole.MarkupLine($"[grey]  {Markup.Escape(line)}[/]");
            context.Status(Markup.Escape($"{title}: {line}"));
        })));
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(title)} took {Markup.Escape(clock.Elapsed.Humanize(precision: 2))}[/]");
        return result;
    }
}
