using System.Globalization;
using System.Text;

namespace GraphNav.Experiments.Lego.Recipe;

/// <summary>
/// Renders a recipe run folder's logs as a Markdown table (table.md): one row per (seed, evaluated
/// step) with per-position accuracy, supervised positions marked, and per seed the first step at
/// which every supervised position reached the 95% floor (<see cref="LegoPhenomena"/>' bar).
/// </summary>
public static class LegoRecipeTable
{
    /// <summary>Writes table.md into <paramref name="folder"/> from every seed-S/accuracy.csv found there.</summary>
    public static void Write(string folder, LegoRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        File.WriteAllText(Path.Combine(folder, "table.md"), Render(folder, recipe));
    }

    /// <summary>The Markdown text of <see cref="Write"/>.</summary>
    public static string Render(string folder, LegoRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        int n = recipe.Variables, k = recipe.SupervisedPositions;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Recipe: {recipe.Describe()}\n\n");
        text.Append("| seed | step | loss | s |");
        for (int i = 1; i <= n; i++) text.Append(CultureInfo.InvariantCulture, $" pos {i}{(i <= k ? "*" : "")} |");
        text.Append(" assoc: head, mass, ratio |\n|---|---|---|---|");
        for (int i = 1; i <= n; i++) text.Append("---|");
        text.Append("---|");
        text.Append('\n');
        var floors = new StringBuilder();
        foreach (var (seed, log) in Logs(folder, n))
        {
            foreach (var p in log.Points)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {seed} | {p.Step} | {p.Loss:F4} | {p.Seconds:F0} |");
                foreach (double a in p.Accuracy) text.Append(CultureInfo.InvariantCulture, $" {100 * a:F1} |");
                text.Append(p.Association is { } h
                    ? string.Create(CultureInfo.InvariantCulture, $" {h.HeadName(recipe.Heads)} {h.Mass:F2} {h.Ratio:F1} |\n")
                    : " – |\n");
            }
            var reached = log.FirstAtFloor(k);
            string last = log.Points.Count == 0 ? "no steps yet" : $"{log.Points[^1].Step} steps logged";
            floors.Append(CultureInfo.InvariantCulture,
                $"- seed {seed}: {(reached is null ? "floor not reached" : $"floor (≥ {100 * Phenomena.B1Spec.Floor:F0}% on positions 1…{k}) first reached at step {reached.Step}")} ({last})\n");
        }
        text.Append("\n* supervised position. Accuracy in % on the seed's held-out test set. assoc: the head (layer.head) with the")
            .Append(CultureInfo.InvariantCulture, $" largest association mass on {LegoRecipeRunner.AssociationSentences} test sentences, its mass and ratio (B4's measure; – = not logged).\n\n")
            .Append(floors);
        return text.ToString();
    }

    /// <summary>The seeds with a log in <paramref name="folder"/>, in seed order, and their logs.</summary>
    internal static IEnumerable<(int Seed, LegoRecipeLog Log)> Logs(string folder, int n)
    {
        if (!Directory.Exists(folder)) yield break;
        var seeds = new List<int>();
        foreach (var dir in Directory.GetDirectories(folder, "seed-*"))
            if (int.TryParse(Path.GetFileName(dir)["seed-".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
                && File.Exists(LegoRecipeRunner.LogPath(folder, seed)))
                seeds.Add(seed);
        seeds.Sort();
        foreach (int seed in seeds) yield return (seed, new LegoRecipeLog(LegoRecipeRunner.LogPath(folder, seed), n));
    }
}
