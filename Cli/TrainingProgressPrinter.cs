using System.Diagnostics;
using GraphNav.Models.Training;
using Humanizer;

namespace GraphNav.Cli;

/// <summary>Prints training progress about twenty times per run (works in terminals and logs alike).</summary>
internal sealed class TrainingProgressPrinter(int totalSteps, TextWriter output) : IProgress<TrainingProgress>
{
    private readonly int _every = Math.Max(1, totalSteps / 20);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Report(TrainingProgress value)
    {
        if (value.Step % _every != 0 && value.Step != totalSteps) return;
        double elapsed = _clock.Elapsed.TotalSeconds;
        double eta = elapsed / value.Step * (totalSteps - value.Step);
        // Humanizer: "eta 3 minutes, 20 seconds" reads faster in a log than a count of seconds.
        output.WriteLine($"  step {value.Step,6}/{totalSteps}  loss {value.Loss,7:F4}  lr {value.LearningRate:0.0e0}  {value.TokensPerSecond / 1000,6:F0}k tok/s  eta {TimeSpan.FromSeconds(double.IsFinite(eta) ? eta : 0).Humanize(precision: 2)}");
    }
}
