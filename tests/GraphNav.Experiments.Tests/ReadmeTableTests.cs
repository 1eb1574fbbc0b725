using GraphNav.Experiments.Phenomena;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// The README's phenomena table states no protocol of its own: every registered phenomenon has a row
/// that begins with the cells <see cref="PhenomenonTable.ProtocolCells"/> writes from its spec
/// (regenerate them with <c>graphnav report --specs</c>), and the table has no row for an unknown id.
/// </summary>
public class ReadmeTableTests
{
    [Test]
    public void Readme_rows_begin_with_the_cells_written_from_the_specs()
    {
        var lines = File.ReadAllLines(Readme());
        var ids = PhenomenonRegistry.All.Select(e => e.Phenomenon.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            foreach (var entry in PhenomenonRegistry.All)
            {
                var cells = PhenomenonTable.ProtocolCells(entry.Phenomenon);
                Assert.That(lines.Count(l => l.StartsWith(cells, StringComparison.Ordinal)), Is.EqualTo(1),
                    $"README.md needs one row beginning with the {entry.Phenomenon.Id} cells of `graphnav report --specs`:\n{cells}");
            }
            var tableStart = Array.FindIndex(lines, l => l.StartsWith(PhenomenonTable.Header[..^1], StringComparison.Ordinal));
            Assert.That(tableStart, Is.GreaterThanOrEqualTo(0), "README.md has the phenomena table");
            var rows = lines.Skip(tableStart + 2).TakeWhile(l => l.StartsWith('|')).ToList();
            Assert.That(rows.Select(r => r.Split('|')[1].Trim().Split(' ')[0]), Is.EqualTo(ids.ToList()), "one row per phenomenon, in registry order");
        });
    }

    private static string Readme()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GraphNav.sln"))) return Path.Combine(dir.FullName, "README.md");
        throw new FileNotFoundException("No GraphNav.sln above the test folder, so no README.md to check.");
    }
}
