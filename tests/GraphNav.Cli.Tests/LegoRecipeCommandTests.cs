namespace GraphNav.Cli.Tests;

/// <summary><c>graphnav lego recipe</c>: one-line errors for bad options; a tiny run writes its
/// table, a rerun skips the finished seed and <c>lego summary</c> tabulates it.</summary>
public class LegoRecipeCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-lego-cli-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [TestCase("--schedule", "linear", "linear")]
    [TestCase("--init", "xavier", "--init")]
    [TestCase("--seeds", "0,x", "'x'")]
    [TestCase("--k", "9", "k")]
    [TestCase("--heads", "3", "Heads (3)")]
    [TestCase("--lr", "0", "--lr")]
    [TestCase("--checkpoint-every", "3", "checkpoint interval (3)")]
    [TestCase("--stop-after-floor", "-1", "--stop-after-floor")]
    [TestCase("--warm-start", "no-such-run/seed-{seed}/checkpoint.safetensors", "seed-0/checkpoint.safetensors', does not exist")]
    public void Bad_option_gives_one_line_and_exit_1(string option, string value, string named)
    {
        var (exit, _, error) = GraphnavProcess.Run("lego", "recipe", "--dir", Path.Combine(_dir, "run"), "--steps", "2", option, value);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.StartWith("graphnav: error:").And.Contain(named));
        });
    }

    [Test]
    public void Tiny_run_writes_its_table_and_a_rerun_skips_the_finished_seed()
    {
        string[] args = ["lego", "recipe", "--dir", Path.Combine(_dir, "run"), "--seeds", "0", "--n", "3", "--k", "2",
            "--layers", "1", "--channels", "16", "--heads", "2", "--batch", "8", "--steps", "4", "--warmup", "1",
            "--eval-every", "2", "--checkpoint-every", "2", "--test-size", "20"];
        var (exit, output, error) = GraphnavProcess.Run(args);
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("seed 0 step      4"));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "run", "table.md")), Does.Contain("| 0 | 4 |"));
        var (again, secondOutput, _) = GraphnavProcess.Run(args);
        Assert.That(again, Is.EqualTo(0));
        Assert.That(secondOutput, Does.Contain("finished earlier"));
        var (summarised, summary, _) = GraphnavProcess.Run("lego", "summary", Path.Combine(_dir, "run"));
        Assert.That(summarised, Is.EqualTo(0));
        Assert.That(summary, Does.Contain("| run | 0 | 4 | 0k |"));
    }

    [Test]
    public void Summary_of_a_folder_that_is_not_a_recipe_run_gives_one_line_and_exit_1()
    {
        var (exit, _, error) = GraphnavProcess.Run("lego", "summary", _dir);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.StartWith("graphnav: error:").And.Contain("no recipe.json"));
        });
    }
}
