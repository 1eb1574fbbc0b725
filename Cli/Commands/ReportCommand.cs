using System.CommandLine;
using System.Globalization;
using System.Text;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;

namespace GraphNav.Cli.Commands;

/// <summary>
/// <c>graphnav report</c>: a Markdown table of the phenomenon result records that test runs leave in
/// TestResults/phenomena/ (claim, key measurement with its interval, bar, verdict, machine).
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var results = new Option<string>("--results") { Description = "Folder of phenomenon result records (*.json).", DefaultValueFactory = _ => Path.Combine("TestResults", "phenomena") };
        var output = new Option<string?>("--out") { Description = "Write the Markdown here instead of standard output." };
        var html = new Option<string?>("--html") { Description = "Write the HTML report (the papers' plots as inline SVG, one self-contained file) here instead of the Markdown table." };
        var history = HistoryOption.Create();
        var specs = new Option<bool>("--specs") { Description = "Print the protocol cells of every phenomenon (id, claim, bar, scales) from the specs instead: the README table's first columns." };
        var command = new Command("report", "Summarise phenomenon result records (from dotnet test or evaluate --phenomena --json) as a Markdown table.")
        {
            results, output, specs, html, history,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            if (parse.GetValue(specs))
            {
                Write(RenderSpecs(), parse.GetValue(output));
                return 0;
            }
            var folder = parse.GetValue(results)!;
            if (parse.GetValue(html) is { } htmlPath)
                return HtmlReportWriter.Write(htmlPath, folder, parse.GetResult(results) is { Implicit: false }, parse.GetValue(history));
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"No result folder '{folder}': run `dotnet test` first, or pass --results.");
            var records = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)
                .Select(f => Read(f)).OrderBy(r => r.Phenomenon, StringComparer.Ordinal).ThenBy(r => r.Scale).ToList();
            if (records.Count == 0) throw new InvalidDataException($"'{folder}' holds no result records (*.json).");
            Write(Render(records), parse.GetValue(output));
            return 0;
        }));
        return command;
    }

    private static void Write(string markdown, string? path)
    {
        if (path is null) Console.Write(markdown);
        else
        {
            File.WriteAllText(path, markdown);
            Console.WriteLine($"wrote {Path.GetFullPath(path)}");
        }
    }

    /// <summary>The protocol cells of every registered phenomenon (<see cref="PhenomenonTable"/>).</summary>
    internal static string RenderSpecs()
    {
        var sb = new StringBuilder();
        sb.AppendLine(PhenomenonTable.Header);
        sb.AppendLine("|---|---|---|---|");
        foreach (var entry in PhenomenonRegistry.All) sb.AppendLine(PhenomenonTable.ProtocolCells(entry.Phenomenon));
        return sb.ToString();
    }

    internal static PhenomenonResult Read(string file)
    {
        try
        {
            return PhenomenonResult.FromJson(File.ReadAllText(file));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"'{file}' is not a phenomenon result record: {e.Message}", e);
        }
    }

    internal static string Render(IReadOnlyList<PhenomenonResult> records)
    {
        var claims = PhenomenonRegistry.All.ToDictionary(e => e.Phenomenon.Id, e => e.Phenomenon.Claim, StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.AppendLine("| id | claim | scale | measured (mean [95% interval]) | verdict |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var r in records)
        {
            var measured = string.Join("; ", r.Measurements.Where(IsSummary).Select(m => $"{m.Label} {m.Format("0.###")}"));
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Phenomenon} {r.Title} | {claims.GetValueOrDefault(r.Phenomenon, "")} | {ScaleNames.Of(r.Scale)} | {measured} | **{r.Verdict}**: {r.Reason} |");
        }
        var machine = records[0].Machine;
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured on {machine.Cpu}, {machine.Cores} cores, {records[0].EngineVersion}, {records.Max(r => r.Finished):yyyy-MM-dd}.");
        return sb.ToString();
    }

    /// <summary>Whether a measurement belongs in the summary: per-seed and per-temperature details
    /// (keys "seed_…" and "…_at_t_…") stay in the records.</summary>
    private static bool IsSummary(Measurement m) =>
        m.Key is { } key && !key.StartsWith("seed_", StringComparison.Ordinal) && !key.Contains("_at_t_", StringComparison.Ordinal);
}
