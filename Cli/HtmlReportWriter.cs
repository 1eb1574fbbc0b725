using GraphNav.Experiments.Results;
using GraphNav.History;
using GraphNav.Report;
using Humanizer;

namespace GraphNav.Cli;

/// <summary><c>graphnav report --html FILE</c>: gathers the records and the history, writes the page.</summary>
internal static class HtmlReportWriter
{
    /// <summary>
    /// Records come from <paramref name="resultsFolder"/> when it holds any; otherwise the latest
    /// result of each phenomenon and scale in the history. Throughput comes from the history, when the file exists.
    /// </summary>
    public static int Write(string outputPath, string resultsFolder, bool resultsFolderGiven, string? historyOption)
    {
        var historyPath = HistoryLocation.Resolve(historyOption);
        bool historyExists = File.Exists(historyPath);
        if (historyOption is not null && !historyExists) throw new FileNotFoundException($"history '{historyPath}' not found: check --history.", historyPath);
        using var store = historyExists ? HistoryStore.Open(historyPath) : null;

        IReadOnlyList<PhenomenonResult> records = [];
        string source;
        if (Directory.Exists(resultsFolder) && Directory.GetFiles(resultsFolder, "*.json").Length > 0)
        {
            records = [.. Directory.GetFiles(resultsFolder, "*.json").Order(StringComparer.Ordinal).Select(Commands.ReportCommand.Read)];
            source = Path.GetFullPath(resultsFolder);
        }
        else if (resultsFolderGiven)
            throw new DirectoryNotFoundException($"'{resultsFolder}' holds no result records (*.json): run `dotnet test` first, or fix --results.");
        else if (store is not null)
        {
            // Latest per phenomenon, scale and model: the history keeps every run, the page shows the newest.
            records = [.. store.Results().Select(r => r.Record)
                .GroupBy(r => (r.Phenomenon, r.Scale, r.ExternalModel)).Select(g => g.MaxBy(r => r.Finished)!)];
            source = $"the latest results in {historyPath}";
        }
        else source = $"no records ('{resultsFolder}' is missing and there is no history at {historyPath})";

        var inputs = new ReportInputs(records, source, store?.Benchmarks() ?? [], store?.Evaluations() ?? [], store?.Path);
        var html = HtmlReport.Render(inputs, DateTimeOffset.UtcNow);
        var full = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, html);
        var charts = PaperCharts.All(inputs);
        Console.WriteLine($"wrote {full} ({html.Length.Bytes().Humanize("0.#")}): {"record".ToQuantity(records.Count)}, {charts.Count(c => c.Drawn)} of {"figure".ToQuantity(charts.Count)} drawn");
        foreach (var chart in charts.Where(c => !c.Drawn)) Console.WriteLine($"  {chart.Id}: {chart.AbsentReason}");
        return 0;
    }
}
