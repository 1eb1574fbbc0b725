using System.Globalization;
using Microsoft.Playwright;

namespace GraphNav.Report.Tests;

/// <summary>
/// The report opened in a real browser: headless Debian chromium driven by Playwright. Every figure
/// rendered (an SVG with a visible size, every point with its recorded numbers), the figures of
/// phenomena that were not run say so, nothing is fetched, and a screenshot lands in TestResults/.
/// </summary>
[NonParallelizable]
public class BrowserReportTests
{
    /// <summary>Debian's chromium; Playwright's own browser download is never used.</summary>
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Test]
    public async Task The_report_renders_every_chart_with_the_recorded_numbers()
    {
        if (!File.Exists(Chromium))
            Assert.Ignore($"{Chromium} is not installed (.ci/run installs it with `apt-get install -y chromium`; where that fails the browser test is skipped).");
        using var fixture = new ReportFixture();
        var page = Path.Combine(fixture.Folder, "report.html");
        await File.WriteAllTextAsync(page, HtmlReport.Render(fixture.Inputs, DateTimeOffset.UtcNow));
        var charts = PaperCharts.All(fixture.Inputs);

        using var playwright = await Playwright.CreateAsync();
        // A new, empty profile for every run: nothing from an earlier session can change what renders.
        var profile = Directory.CreateTempSubdirectory("graphnav-chromium-profile").FullName;
        try
        {
            await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = Flags,
                ViewportSize = new ViewportSize { Width = 1500, Height = 1000 },
            });
            var tab = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
            var fetched = new List<string>();
            await tab.RouteAsync("**/*", async route =>
            {
                if (!route.Request.Url.StartsWith("file:", StringComparison.Ordinal)) fetched.Add(route.Request.Url);
                await (route.Request.Url.StartsWith("file:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
            });
            await tab.GotoAsync(new Uri(page).AbsoluteUri);

            var figures = tab.Locator("figure.chart");
            Assert.That(await figures.CountAsync(), Is.EqualTo(charts.Count));
            foreach (var chart in charts) await CheckFigure(tab, chart, fixture);

            var shot = ScreenshotPath();
            await tab.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            TestContext.Out.WriteLine($"screenshot: {shot}");
            TestContext.AddTestAttachment(shot, "the report in headless chromium");
            Assert.That(fetched, Is.Empty, "the report fetched something from the network");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static async Task CheckFigure(IPage tab, Chart chart, ReportFixture fixture)
    {
        var figure = tab.Locator($"figure[data-chart=\"{chart.Id}\"]");
        var state = await figure.GetAttributeAsync("data-state");
        if (!chart.Drawn)
        {
            // Absent data is accepted only where its source did not run.
            Assert.That(await figure.GetAttributeAsync("data-source-ran"), Is.EqualTo("false"), $"{chart.Id} is absent although its source ran");
            Assert.That(chart.Phenomenon.Length == 0 || fixture.Inputs.RecordOf(chart.Phenomenon) is null, Is.True, chart.Id);
            Assert.That(await figure.Locator(".absent").InnerTextAsync(), Does.Contain("not run"), chart.Id);
            return;
        }
        Assert.That(state, Is.EqualTo("drawn"), chart.Id);
        var box = await figure.Locator("svg").BoundingBoxAsync();
        Assert.That(box is { Width: > 300, Height: > 150 }, Is.True, $"{chart.Id}: the SVG did not render at a readable size");
        var points = figure.Locator("g.point");
        var expected = chart.Series.SelectMany(s => s.Points.Select(p => (Series: s.Name, Point: p)))
            .Where(x => double.IsFinite(x.Point.Mean) && (!chart.LogY || x.Point.Mean > 0)).ToList();
        Assert.That(await points.CountAsync(), Is.EqualTo(expected.Count), $"{chart.Id}: points drawn");
        for (int i = 0; i < expected.Count; i++)
        {
            var element = points.Nth(i);
            var (series, point) = expected[i];
            var recorded = Recorded(chart, point, fixture);
            await Assert.MultipleAsync(async () =>
            {
                Assert.That(await element.GetAttributeAsync("data-series"), Is.EqualTo(series));
                Assert.That(await element.GetAttributeAsync("data-key"), Is.EqualTo(point.Key));
                Assert.That(Parse(await element.GetAttributeAsync("data-mean")), Is.EqualTo(recorded.Mean), $"{chart.Id} {point.Key} mean");
                Assert.That(Parse(await element.GetAttributeAsync("data-low")), Is.EqualTo(recorded.Low), $"{chart.Id} {point.Key} low");
                Assert.That(Parse(await element.GetAttributeAsync("data-high")), Is.EqualTo(recorded.High), $"{chart.Id} {point.Key} high");
            });
            var mark = await element.Locator("circle, rect").First.BoundingBoxAsync();
            Assert.That(mark is { Width: > 0, Height: >= 0 }, Is.True, $"{chart.Id} {point.Key}: the mark did not render");
        }
    }

    /// <summary>The numbers as recorded: the phenomenon record's measurement, or the history's benchmark (as operations per second).</summary>
    private static (double Mean, double Low, double High) Recorded(Chart chart, ChartPoint point, ReportFixture fixture)
    {
        if (chart.Phenomenon.Length > 0)
        {
            var m = fixture.Inputs.RecordOf(chart.Phenomenon)!.Measurements.Single(x => x.Key == point.Key);
            return (m.Mean, m.Low, m.High);
        }
        var b = fixture.Inputs.Benchmarks.Single(x => x.Result.FullName == point.Key && point.XLabel.StartsWith($"run {x.RunId},", StringComparison.Ordinal)).Result;
        return (b.OperationsPerSecond, 1e9 / b.HighNanoseconds, 1e9 / b.LowNanoseconds);
    }

    private static double Parse(string? text) => double.Parse(text ?? "missing", CultureInfo.InvariantCulture);

    /// <summary>TestResults/report-screenshot.png at the repository root (the CI artifact folder), else beside the tests.</summary>
    private static string ScreenshotPath()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GraphNav.sln")))
            {
                var folder = Directory.CreateDirectory(Path.Combine(dir.FullName, "TestResults")).FullName;
                return Path.Combine(folder, "report-screenshot.png");
            }
        return Path.Combine(TestContext.CurrentContext.TestDirectory, "report-screenshot.png");
    }
}
