using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Lego.Recipe;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;

namespace GraphNav.Experiments.Tests;

/// <summary>The curriculum over n (issue #17): an encoder trained on shorter LEGO sentences is carried
/// whole to longer ones, its position table tiled; anything else is refused in one line.</summary>
public class LegoWarmStartTests
{
    // n 2 (T 10) → n 4 (T 20): the same encoder, twice the positions.
    private static readonly LegoRecipe Short = new()
    {
        Variables = 2, SupervisedPositions = 1, Layers = 1, Channels = 16, Heads = 2, Batch = 4, Steps = 2, WarmupSteps = 1, TestSize = 8,
    };
    private static readonly LegoRecipe Long = Short with { Variables = 4, SupervisedPositions = 2 };

    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-warm-start-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private (GptModel Model, string Path) Saved(LegoRecipe recipe, ulong seed)
    {
        var model = new GptModel(recipe.Plan(0, threads: 1).Model, seed, maxBatch: 1);
        string path = Path.Combine(_dir, $"n{recipe.Variables}-{seed}.safetensors");
        GptCheckpoint.Save(path, model);
        return (model, path);
    }

    [Test]
    public void Every_tensor_is_copied_and_the_position_table_tiled()
    {
        var (trained, path) = Saved(Short, seed: 7);
        var target = Long.Plan(0, threads: 1).Model;
        var loaded = LegoWarmStart.Load(path, target, maxBatch: 2);
        var sources = trained.Parameters.All.ToDictionary(t => t.Name);
        int c = target.Channels, rows = trained.Config.ContextLength;
        Assert.That(loaded.Config, Is.EqualTo(target));
        Assert.That(rows, Is.EqualTo(10));
        foreach (var tensor in loaded.Parameters.All)
        {
            var source = sources[tensor.Name].Span.ToArray();
            if (tensor.Name != "wpe")
            {
                Assert.That(tensor.Span.ToArray(), Is.EqualTo(source), tensor.Name);
                continue;
            }
            Assert.That(tensor.Shape, Is.EqualTo(new[] { 20, c }));
            for (int p = 0; p < 20; p++)
                Assert.That(tensor.Span.Slice(p * c, c).ToArray(), Is.EqualTo(source.AsSpan(p % rows * c, c).ToArray()), $"wpe row {p}");
        }
    }

    [Test]
    public void A_different_encoder_is_refused_in_one_line()
    {
        var (_, path) = Saved(Short, seed: 1);
        var deeper = (Long with { Layers = 2 }).Plan(0, threads: 1).Model;
        var e = Assert.Throws<ArgumentException>(() => LegoWarmStart.Load(path, deeper, maxBatch: 1))!;
        Assert.That(e.Message, Does.Contain("1 × 16").And.Contain("2 × 16").And.Contain("only the context length may differ"));
        Assert.That(e.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public void Longer_sentences_are_not_carried_to_shorter_ones()
    {
        var (_, path) = Saved(Long, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => LegoWarmStart.Load(path, Short.Plan(0, threads: 1).Model, maxBatch: 1))!;
        Assert.That(e.Message, Does.Contain("trained on 20 positions, more than this task's 10"));
    }

    [Test]
    public void A_missing_checkpoint_is_named()
    {
        string path = Path.Combine(_dir, "none.safetensors");
        var e = Assert.Throws<ArgumentException>(() => LegoWarmStart.Load(path, Long.Plan(0, threads: 1).Model, maxBatch: 1))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("does not exist"));
    }

    [Test]
    public void The_recipe_names_each_seeds_checkpoint_and_earlier_recipes_keep_their_json()
    {
        var warm = Long with { WarmStart = "runs/n2/seed-{seed}/checkpoint.safetensors" };
        Assert.Multiple(() =>
        {
            Assert.That(warm.Plan(2, threads: 1).WarmStart, Is.EqualTo("runs/n2/seed-2/checkpoint.safetensors"));
            Assert.That(Long.Plan(2, threads: 1).WarmStart, Is.Null);
            Assert.That(warm.Describe(), Does.Contain("warm start from runs/n2/seed-{seed}/checkpoint.safetensors"));
            Assert.That(warm.ToJson(), Does.Contain("\"WarmStart\""));
            Assert.That(Long.ToJson(), Does.Not.Contain("WarmStart"), "recipe.json of runs without a warm start must not change");
        });
    }

    [Test]
    public void A_warm_start_excludes_the_mimicking_phase()
    {
        var both = Long with { WarmStart = "x.safetensors", MimicSteps = 10 };
        var e = Assert.Throws<ArgumentException>(() => both.Validated())!;
        Assert.That(e.Message, Does.Contain("WarmStart").And.Contain("MimicSteps"));
    }

    [Test]
    public void Training_starts_from_the_checkpoint_not_from_fresh_weights()
    {
        var (trained, path) = Saved(Short, seed: 3);
        // One step at a learning rate too small to move a weight by more than rounding: what training
        // returns is what it started from.
        var plan = (Long with { Steps = 1, WarmupSteps = 0, LearningRate = 1e-12f, GradClip = 0 }).Plan(0, threads: 1) with { WarmStart = path };
        var result = plan.Train().Model;
        var fresh = new GptModel(plan.Model, plan.Training.Seed, maxBatch: 1);
        var start = LegoWarmStart.Load(path, plan.Model, maxBatch: 1);
        Assert.That(result.Parameters.Data, Is.EqualTo(start.Parameters.Data).Within(1e-6f));
        Assert.That(MaxDifference(result.Parameters.Data, fresh.Parameters.Data), Is.GreaterThan(1e-2f));
        Assert.That(trained.Parameters.Wte.Span.ToArray(), Is.EqualTo(result.Parameters.Wte.Span.ToArray()).Within(1e-6f));
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
