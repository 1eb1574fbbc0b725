using GraphNav.Models.Training;

namespace GraphNav.Cli.Tests;

/// <summary>The printed time left is measured over the steps this invocation trained, so a resumed run
/// and the next seed of a multi-seed run are not told they are nearly done.</summary>
public class TrainingProgressPrinterTests
{
    private static TrainingProgress Step(int step) => new(step, 0.5f, 1e-3f, 1f, 1000);

    [Test]
    public void A_run_resumed_at_step_3500_of_6000_at_one_second_a_step_is_told_the_time_its_remaining_steps_take()
    {
        double now = 0;
        using var output = new StringWriter();
        var printer = new TrainingProgressPrinter(6000, output, () => now);
        for (int step = 3501; step <= 3600; step++, now += 1) printer.Report(Step(step));
        // 99 s for steps 3502…3600 after the first report: 1 s per step, 2400 steps left.
        Assert.That(output.ToString(), Does.Contain("step   3600/6000").And.Contain("eta 40 minutes"));
    }

    [Test]
    public void The_next_seeds_steps_starting_over_restart_the_estimate()
    {
        double now = 0;
        using var output = new StringWriter();
        var printer = new TrainingProgressPrinter(100, output, () => now);
        for (int step = 1; step <= 100; step++, now += 10) printer.Report(Step(step));
        for (int step = 1; step <= 50; step++, now += 1) printer.Report(Step(step));
        var last = output.ToString().TrimEnd().Split('\n')[^1];
        Assert.Multiple(() =>
        {
            Assert.That(output.ToString(), Does.Contain("step    100/100").And.Contain("done"));
            Assert.That(last, Does.Contain("step     50/100").And.Contain("eta 50 seconds"), "1 s per step for the second seed, not 10");
        });
    }

    [Test]
    public void Steps_before_the_first_say_mimicking_and_count_toward_the_time_left()
    {
        double now = 0;
        using var output = new StringWriter();
        var printer = new TrainingProgressPrinter(100, output, () => now);
        // 20 mimicking steps reported as −19 … 0, one second each, then the run's own 100.
        for (int step = -19; step <= 0; step++, now += 1) printer.Report(Step(step));
        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[^1], Does.Contain("mimicking, 0 steps to go").And.Contain("eta 1 minute, 40 seconds"));
            Assert.That(output.ToString(), Does.Not.Contain("step    -"));
        });
    }
}
