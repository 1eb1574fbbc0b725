using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GraphNav.Experiments.Lego.Recipe;

/// <summary>
/// The recipe search's comparison table: one row per (run folder, seed) with where that seed got —
/// steps and sentences seen, final accuracy on the supervised positions, the best accuracy at the
/// last supervised position (the one a plateau holds at chance) and its step, the step the
/// competence floor was first met, the head with the largest association mass seen (B4's measure) and the training minutes —
/// then each folder's recipe in one line. Failures stay in the table: the plateau's shape is a result.
/// </summary>
public static class LegoRecipeSummary
{
    /// <summary>The Markdown table for <paramref name="folders"/> (each a <c>graphnav lego recipe --dir</c>).</summary>
    /// <exception cref="ArgumentException">A folder is missing or holds no recipe.json.</exception>
    public static string Render(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0) throw new ArgumentException("Name at least one recipe folder (a --dir of graphnav lego recipe).");
        var recipes = folders.Select(f => (Folder: f, Recipe: Load(f))).ToList();
        var text = new StringBuilder();
        text.Append("| candidate | seed | steps | sentences | final % on positions 1…k | best % at position k (step) | floor met at step | largest association mass: head, mass, ratio (step) | minutes |\n");
        text.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (folder, recipe) in recipes)
        {
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
            var logs = LegoRecipeTable.Logs(folder, recipe.Variables).ToList();
            if (logs.Count == 0) text.Append(CultureInfo.InvariantCulture, $"| {name} | – | 0 | 0 | no steps logged yet | | | | |\n");
            foreach (var (seed, log) in logs) text.Append(Row(name, seed, log, recipe));
        }
        text.Append('\n');
        foreach (var (folder, recipe) in recipes)
            text.Append(CultureInfo.InvariantCulture, $"- {Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}: {recipe.Describe()}\n");
        return text.ToString();
    }

    private static string Row(string name, int seed, LegoRecipeLog log, LegoRecipe recipe)
    {
        int k = recipe.SupervisedPositions;
        if (log.Points.Count == 0) return string.Create(CultureInfo.InvariantCulture, $"| {name} | {seed} | 0 | 0 | no steps logged yet | | | | |\n");
        var last = log.Points[^1];
        var best = log.Points.MaxBy(p => p.Accuracy[k - 1])!;
        var floor = log.FirstAtFloor(k);
        var association = log.Points.Where(p => p.Association is not null).MaxBy(p => p.Association!.Mass);
        string finals = string.Join(" / ", last.Accuracy.Take(k).Select(a => (100 * a).ToString("F1", CultureInfo.InvariantCulture)));
        string associated = association?.Association is { } h
            ? string.Create(CultureInfo.InvariantCulture, $"{h.HeadName(recipe.Heads)}, {h.Mass:F2}, {h.Ratio:F1} ({association.Step})")
            : "–";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {seed} | {last.Step} | {(long)last.Step * recipe.Batch / 1000}k | {finals} | {100 * best.Accuracy[k - 1]:F1} ({best.Step}) | {(floor is null ? "not met" : floor.Step.ToString(CultureInfo.InvariantCulture))} | {associated} | {last.Seconds / 60:F0} |\n");
    }

    private static LegoRecipe Load(string folder)
    {
        string path = Path.Combine(folder, "recipe.json");
        if (!File.Exists(path))
            throw new ArgumentException($"'{folder}' is not a LEGO recipe folder (no recipe.json); pass the --dir of a graphnav lego recipe run.");
        try
        {
            return JsonSerializer.Deserialize<LegoRecipe>(File.ReadAllText(path))
                ?? throw new ArgumentException($"'{path}' holds no recipe.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"'{path}' is not a recipe file: {e.Message}");
        }
    }
}
