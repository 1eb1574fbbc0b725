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
        var command = new Command("report", "Summarise phenomenon result records (from dotnet test or evaluate --phenomena --json) as a Markdown table.")
        {
            results, output,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var folder = parse.GetValue(results)!;
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"No result folder '{folder}': run `dotnet test` first, or pass --results.");
            var records = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)
                .Select(f => Read(f)).OrderBy(r => r.Phenomenon, StringComparer.Ordinal).ThenBy(r => r.Scale, StringComparer.Ordinal).ToList();
            if (records.Count == 0) throw new InvalidDataException($"'{folder}' holds no result records (*.json).");
            var markdown = Render(records);
            var path = parse.GetValue(output);
            if (path is null) Console.Write(markdown);
            else
            {
                File.WriteAllText(path, markdown);
                Console.WriteLine($"wrote {Path.GetFullPath(path)}");
            }
            return 0;
        }));
        return command;
    }

    private static PhenomenonResult Read(string file)
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
            var measured = string.Join("; ", r.Measurements.Where(m => !m.Name.StartsWith("seed ", StringComparison.Ordinal))
                .Where(m => !m.Name.Contains(" at T=", StringComparison.Ordinal)).Select(Format));
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Phenomenon} {r.Title} | {claims.GetValueOrDefault(r.Phenomenon, "")} | {r.Scale} | {measured} | **{r.Verdict}**: {r.Reason} |");
        }
        var machine = records[0].Machine;
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured on {machine.Cpu}, {machine.Cores} cores, {records[0].EngineVersion}, {records.Max(r => r.Finished):yyyy-MM-dd}.");
        return sb.ToString();
    }

    private static string Format(Measurement m) => double.IsNaN(m.Low)
        ? string.Create(CultureInfo.InvariantCulture, $"{m.Name} {m.Mean:0.###}")
        : string.Create(CultureInfo.InvariantCulture, $"{m.Name} {m.Mean:0.###} [{m.Low:0.###}, {m.High:0.###}]");
}
