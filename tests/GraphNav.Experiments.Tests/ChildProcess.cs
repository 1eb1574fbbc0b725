using System.Diagnostics;
using System.Globalization;
using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Phenomena;
using GraphNav.Tasks;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// This test assembly run as a program (`dotnet exec GraphNav.Experiments.Tests.dll MODE …`): the
/// victim of the kill -9 tests. Modes print one line per milestone on stdout so the parent knows
/// when to kill.
/// </summary>
public static class ChildProcess
{
    /// <summary>The test seed of <see cref="Plan"/>'s task and training.</summary>
    public const int Seed = 3;

    /// <summary>The small graph run the resume tests interrupt: the paper-A GPT on the quick Bernoulli task.</summary>
    public static GraphTrainingPlan Plan(int steps) =>
        GraphTrainingPlan.PaperA(TaskPresets.Create("bernoulli-quick", Seed), Seed, steps, threads: 1);

    /// <summary>
    /// cache-writer DIR KEY: builds entry KEY in the cache at DIR, writes half of it, prints
    /// "writing", then waits to be killed.
    /// train DIR STEPS: GetOrTrain of <see cref="Plan"/> in the cache at DIR with a resume checkpoint
    /// after every step, printing "step N" after each.
    /// train-shared DIR STEPS: the same through <see cref="SharedGraphModels.GetOrTrain"/> (which also
    /// records A4's trajectory).
    /// </summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args.FirstOrDefault())
        {
            case "cache-writer":
                new ModelCache(args[1]).GetOrBuild(args[2], temp =>
                {
                    using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write);
                    stream.Write(new byte[4096]);
                    stream.Flush(flushToDisk: true);
                    Console.Out.WriteLine("writing");
                    Console.Out.Flush();
                    Thread.Sleep(Timeout.Infinite);
                });
                return 1;
            case "train":
                Environment.SetEnvironmentVariable("GRAPHNAV_CHECKPOINT_SECONDS", "0");
                Plan(int.Parse(args[2], CultureInfo.InvariantCulture)).GetOrTrain(new ModelCache(args[1]), new InlineProgress<Models.Training.TrainingProgress>(p =>
                {
                    Console.Out.WriteLine($"step {p.Step}");
                    Console.Out.Flush();
                }));
                return 0;
            case "train-shared":
                Environment.SetEnvironmentVariable("GRAPHNAV_CHECKPOINT_SECONDS", "0");
                SharedGraphModels.GetOrTrain(Plan(int.Parse(args[2], CultureInfo.InvariantCulture)),
                    new PhenomenonContext(Scale.Quick, [Seed], 1, new ModelCache(args[1])),
                    new InlineProgress<Models.Training.TrainingProgress>(p =>
                    {
                        Console.Out.WriteLine($"step {p.Step}");
                        Console.Out.Flush();
                    }));
                return 0;
            default:
                return 2;
        }
    }

    /// <summary>Starts this assembly with <paramref name="args"/>, reading its stdout.</summary>
    public static Process Start(params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host)) host = "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("the child process did not start");
    }

    /// <summary>Reads the child's stdout until a line satisfies <paramref name="until"/>, then kills it with SIGKILL.</summary>
    public static string KillWhen(Process child, Func<string, bool> until, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(until);
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < timeout)
            {
                var read = child.StandardOutput.ReadLineAsync();
                if (!read.Wait(timeout - clock.Elapsed)) break;
                var line = read.Result ?? throw new InvalidOperationException($"the child exited early: {child.StandardError.ReadToEnd()}");
                if (until(line)) return line;
            }
            throw new TimeoutException("the child did not reach the point to kill it at");
        }
        finally
        {
            child.Kill(); // SIGKILL on Unix: no finally blocks, no flushing, like kill -9
            child.WaitForExit();
        }
    }
}
