using System.Diagnostics;
using GraphNav.Models.Training;
using Humanizer;

namespace GraphNav.Cli;

/// <summary>
/// Prints training progress about twenty times per run (works in terminals and logs alike). The time
/// left is estimated from the steps this printer has seen, so a resumed run (which starts at its
/// checkpoint's step) and the next seed of a multi-seed run (whose steps start over) get an honest ETA.
/// Steps ≤ 0 are a phase before the run's own steps (a LEGO plan's mimicking steps report −M+1 … 0):
/// they print as "mimicking, N steps to go" and count toward the time left.
/// </summary>
/// <param name="totalSteps">The run's last step.</param>
/// <param name="output">Where the lines go.</param>
/// <param name="seconds">Clock in seconds (tests pass a fake one); default a stopwatch started now.</param>
internal sealed class TrainingProgressPrinter(int totalSteps, TextWriter output, Func<double>? seconds = null) : IProgress<TrainingProgress>
{
    private readonly int _every = Math.Max(1, totalSteps / 20);
    private readonly Func<double> _seconds = seconds ?? StopwatchSeconds();
    private int? _originStep;
    private int _lastStep;
    private double _originSeconds;

    public void Report(TrainingProgress value)
    {
        double now = _seconds();
        // The first report of this printer, or a step that went back (the next seed): the rate is
        // measured from here, not from step 0 — earlier steps were trained by another invocation or run.
        if (_originStep is null || value.Step <= _lastStep)
        {
            _originStep = value.Step;
            _originSeconds = now;
        }
        _lastStep = value.Step;
        if (value.Step % _every != 0 && value.Step != totalSteps) return;
        int done = value.Step - _originStep.Value;
        // Humanizer: "eta 3 minutes, 20 seconds" reads faster in a log than a count of seconds.
        string eta = value.Step == totalSteps ? "done"
            : done > 0 ? "eta " + TimeSpan.FromSeconds((now - _originSeconds) / done * (totalSteps - value.Step)).Humanize(precision: 2, minUnit: TimeUnit.Second)
            : "eta unknown yet";
        string where = value.Step > 0 ? $"step {value.Step,6}/{totalSteps}" : $"mimicking, {-value.Step} steps to go";
        output.WriteLine($"  {where}  loss {value.Loss,7:F4}  lr {value.LearningRate:0.0e0}  {value.TokensPerSecond / 1000,6:F0}k tok/s  {eta}");
    }

    private static Func<double> StopwatchSeconds()
    {
        var clock = Stopwatch.StartNew();
        return () => clock.Elapsed.TotalSeconds;
    }
}
