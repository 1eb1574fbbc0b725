using GraphNav.Experiments.Lego.Recipe;
using GraphNav.Models.Gpt;

namespace GraphNav.Experiments.Tests;

/// <summary>The recipe search's comparison table (<see cref="LegoRecipeSummary"/>): its numbers come
/// from the folders' logs, failures included; a folder without a recipe is refused.</summary>
public class LegoRecipeSummaryTests
{
    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("graphnav-recipe-summary-").FullName;

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    /// <summary>A folder holding <paramref name="recipe"/> and, per seed, the given points.</summary>
    private string Folder(string name, LegoRecipe recipe, params (int Seed, LegoRecipePoint Point)[] points)
    {
        string folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "recipe.json"), recipe.ToJson());
        foreach (var (seed, point) in points) new LegoRecipeLog(LegoRecipeRunner.LogPath(folder, seed), recipe.Variables).Append(point);
        return folder;
    }

    private static LegoRecipePoint Point(int step, double[] accuracy, double mass, double ratio, int head = 5) =>
        new(step, 0.3, 1e-3, 60.0 * step / 250, accuracy, new LegoRecipeAssociation(head, mass, ratio));

    [Test]
    public void Each_seed_gets_a_row_with_its_final_best_floor_and_association()
    {
        var recipe = new LegoRecipe { Variables = 4, SupervisedPositions = 3, Heads = 4, Batch = 256 };
        string escaped = Folder("escaped", recipe,
            (0, Point(250, [1, 0.99, 0.50, 0.5], 0.04, 1.0)),
            (0, Point(500, [1, 0.99, 0.97, 0.6], 0.61, 6.5, head: 9)),
            (0, Point(750, [1, 1.00, 0.96, 0.5], 0.55, 6.0)),
            (1, Point(250, [1, 0.97, 0.52, 0.5], 0.05, 1.2)));
        string plateau = Folder("plateau", recipe with { Initialization = GptInitialization.Bert },
            (0, Point(250, [1, 0.99, 0.53, 0.5], 0.04, 1.1)),
            (0, Point(500, [1, 0.98, 0.51, 0.5], 0.03, 1.0)));

        var lines = LegoRecipeSummary.Render([escaped, plateau]).Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(lines, Does.Contain("| escaped | 0 | 750 | 192k | 100.0 / 100.0 / 96.0 | 97.0 (500) | 500 | L2.H1, 0.61, 6.5 (500) | 3 |"));
            Assert.That(lines, Does.Contain("| escaped | 1 | 250 | 64k | 100.0 / 97.0 / 52.0 | 52.0 (250) | not met | L1.H1, 0.05, 1.2 (250) | 1 |"));
            Assert.That(lines, Does.Contain("| plateau | 0 | 500 | 128k | 100.0 / 98.0 / 51.0 | 53.0 (250) | not met | L1.H1, 0.04, 1.1 (250) | 2 |"));
            Assert.That(lines, Does.Contain("- plateau: " + (recipe with { Initialization = GptInitialization.Bert }).Describe()));
        });
    }

    [Test]
    public void A_folder_without_a_recipe_is_refused_by_name()
    {
        string empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);
        var error = Assert.Throws<ArgumentException>(() => LegoRecipeSummary.Render([empty]));
        Assert.That(error!.Message, Does.Contain("'" + empty + "'").And.Contain("no recipe.json"));
    }
}
