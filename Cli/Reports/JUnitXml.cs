using System.Globalization;
using System.Xml.Linq;
using GraphNav.Experiments.Comparison;
using GraphNav.Experiments.Results;

namespace GraphNav.Cli.Reports;

/// <summary>
/// JUnit XML (the testsuites/testsuite/testcase shape CI systems import): one test case per phenomenon
/// for <c>evaluate --phenomena --junit</c> (Fail → failure, Inconclusive → skipped), one per judged
/// measurement for <c>compare --junit</c> (a significant regression → failure).
/// </summary>
internal static class JUnitXml
{
    public static XDocument FromResults(IReadOnlyList<PhenomenonResult> results, string suiteName)
    {
        var cases = results.Select(r =>
        {
            var element = new XElement("testcase",
                new XAttribute("classname", "graphnav.phenomena"),
                new XAttribute("name", $"{r.Phenomenon} {r.Title}"),
                new XAttribute("time", r.Seconds.ToString("0.###", CultureInfo.InvariantCulture)));
            if (r.Verdict == Verdict.Fail) element.Add(new XElement("failure", new XAttribute("message", r.Reason), Details(r)));
            else if (r.Verdict == Verdict.Inconclusive) element.Add(new XElement("skipped", new XAttribute("message", r.Reason)));
            else element.Add(new XElement("system-out", Details(r)));
            return element;
        }).ToList();
        return Document(suiteName, cases, results.Count(r => r.Verdict == Verdict.Fail), results.Count(r => r.Verdict == Verdict.Inconclusive), results.Sum(r => r.Seconds));
    }

    public static XDocument FromComparison(ComparisonReport report)
    {
        var cases = new List<XElement>();
        foreach (var p in report.Phenomena)
            foreach (var m in p.Measurements.Where(m => m.Outcome != ComparisonOutcome.NotJudged))
            {
                var element = new XElement("testcase",
                    new XAttribute("classname", $"graphnav.compare.{p.Phenomenon}"),
                    new XAttribute("name", m.Key),
                    new XAttribute("time", "0"));
                string text = $"{m.Label}: baseline {ComparisonMarkdown.Number(m.Baseline)}, candidate {ComparisonMarkdown.Number(m.Candidate)}, " +
                    $"difference {ComparisonMarkdown.Difference(m)} ({ComparisonMarkdown.Method(m)}), tolerance {ComparisonMarkdown.Tolerance(m)}";
                element.Add(m.Outcome == ComparisonOutcome.Regression
                    ? new XElement("failure", new XAttribute("message", "significant regression: " + text))
                    : new XElement("system-out", text));
                cases.Add(element);
            }
        return Document("graphnav compare", cases, cases.Count(c => c.Element("failure") is not null), 0, 0);
    }

    private static string Details(PhenomenonResult r) =>
        string.Join('\n', r.Measurements.Select(m => $"{m.Label}: {m.Format()}")) + $"\nbar: {r.Bar}";

    private static XDocument Document(string name, List<XElement> cases, int failures, int skipped, double seconds)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", name),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", skipped),
            new XAttribute("time", seconds.ToString("0.###", CultureInfo.InvariantCulture)),
            cases);
        return new XDocument(new XElement("testsuites", suite));
    }

    public static void Save(XDocument document, string path)
    {
        document.Save(path);
        Console.WriteLine($"wrote {Path.GetFullPath(path)}");
    }
}
