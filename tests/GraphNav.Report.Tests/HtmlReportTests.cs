using System.Globalization;
using System.Text.RegularExpressions;

namespace GraphNav.Report.Tests;

/// <summary>The page's figures against the records they are drawn from (no browser needed).</summary>
public partial class HtmlReportTests
{
    [Test]
    public void Every_figure_of_a_phenomenon_that_ran_is_drawn_and_the_others_say_why_not()
    {
        using var fixture = new ReportFixture();
        var charts = PaperCharts.All(fixture.Inputs);
        var ran = fixture.Inputs.Records.Select(r => r.Phenomenon).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(charts.Select(c => c.Id), Is.Unique);
            Assert.That(charts.Select(c => c.Id), Is.SupersetOf(new[] { "a2-accuracy", "a2-distinct", "a4-training", "a5-distance", "a5-attention", "b4-attention", "b1-positions", "b6a-positions", "a1-gap" }));
            foreach (var chart in charts)
            {
                if (chart.Phenomenon.Length > 0 && ran.Contains(chart.Phenomenon))
                    Assert.That(chart.Drawn, Is.True, $"{chart.Id}: {chart.AbsentReason}");
                if (!chart.Drawn) Assert.That(chart.AbsentReason, Is.Not.Empty, chart.Id);
            }
            Assert.That(charts.Single(c => c.Id == "a4-training").AbsentReason, Does.Contain("A4 was not run"));
            Assert.That(charts.Where(c => c.Id.StartsWith("throughput-", StringComparison.Ordinal)).Select(c => c.Drawn), Is.EqualTo(new[] { true }));
        });
    }

    [Test]
    public void The_a2_figure_carries_each_temperatures_recorded_accuracy_and_interval()
    {
        using var fixture = new ReportFixture();
        var a2 = fixture.Inputs.RecordOf("A2")!;
        var chart = PaperCharts.All(fixture.Inputs).Single(c => c.Id == "a2-accuracy");
        var expected = a2.Measurements.Where(m => m.Key.StartsWith("accuracy_at_t_", StringComparison.Ordinal)).ToList();
        Assert.That(expected, Has.Count.EqualTo(13), "the A2 quick record has 13 temperatures");
        var points = chart.Series.Single().Points;
        Assert.That(points.Select(p => (p.Key, p.Mean, p.Low, p.High)), Is.EqualTo(expected.Select(m => (m.Key, m.Mean, m.Low, m.High))));
        Assert.That(points.Select(p => p.X), Is.Ordered);
    }

    [Test]
    public void The_page_is_self_contained_and_every_drawn_point_has_its_numbers()
    {
        using var fixture = new ReportFixture();
        var html = HtmlReport.Render(fixture.Inputs, new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero));
        var points = PointElement().Matches(html);
        int expected = PaperCharts.All(fixture.Inputs).Where(c => c.Drawn).Sum(c => c.Series.Sum(s => s.Points.Count(p => double.IsFinite(p.Mean) && (!c.LogY || p.Mean > 0))));
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<script").IgnoreCase);
            Assert.That(Regex.Matches(html, "(src|href|url)[=(]\"?https?:", RegexOptions.IgnoreCase).Count, Is.Zero, "nothing is fetched from the network");
            Assert.That(points.Count, Is.EqualTo(expected));
            Assert.That(points.Select(m => double.Parse(m.Groups["mean"].Value, CultureInfo.InvariantCulture)), Has.All.Not.NaN);
        });
    }

    [GeneratedRegex("<g class=\"point\"[^>]*data-mean=\"(?<mean>[^\"]+)\"")]
    private static partial Regex PointElement();
}
