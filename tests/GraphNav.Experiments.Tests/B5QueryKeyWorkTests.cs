using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Phenomena;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// B5's counted q·kᵀ work (<see cref="B5QueryKeyWork"/>, docs/PHENOMENA.md §3 B5): measured from the
/// engine's dispatch on both models at initialisation, judged against the bar's 1 − k/h.
/// </summary>
public class B5QueryKeyWorkTests
{
    [Test]
    public void At_the_paper_shape_the_module_does_half_the_vanilla_query_key_work()
    {
        // PaperLegoModels: 4 layers, 4 heads of size 32, T 30 (n 6); the module hard-codes 2 heads per layer.
        var plan = PaperLegoModels.Plan(seed: 0, threads: 1);
        var work = B5QueryKeyWork.AtInitialisation(plan, batch: 2);
        const long perToken = 4L * 4 * 30 * 32 * 4; // L·NH·T·HS per token, forward + three backward products
        TestContext.Out.WriteLine($"counted q·kᵀ multiply-adds per token: vanilla {work.Vanilla.PerToken}, hard-coded {work.HardCoded.PerToken}, ratio {work.Ratio}");
        Assert.Multiple(() =>
        {
            Assert.That(work.Vanilla.PerToken, Is.EqualTo(perToken));
            Assert.That(work.HardCoded.PerToken, Is.EqualTo(perToken / 2), "heads 0 and 1 of every layer skip q·kᵀ");
            Assert.That(work.HardCoded.FixedHeadPasses, Is.EqualTo(2L * 4 * 2), "B · L · k hard-coded head passes");
            Assert.That(work.Ratio, Is.EqualTo(B5Spec.ClaimedWorkRatio(plan.Model.Heads)));
            Assert.That(work.HoldsClaim(plan.Model.Heads), Is.True, work.Requirement(plan.Model.Heads));
        });
    }

    [Test]
    public void A_module_whose_heads_are_all_computed_shows_no_reduction_and_fails_the_claim()
    {
        // The old B5 read the saving off the plans' configs (FixedHeads = 2 gave k/h whatever the engine
        // ran). Here the "module" is a model whose heads 0 and 1 still go through q·kᵀ — as a model merely
        // trained toward the maps would (B3) — so the counted work must not fall and the claim must fail.
        var plan = Tiny(heads: 4);
        int t = plan.Task.ContextLength;
        var (inputs, targets) = FirstBatch(plan, 4);
        var vanilla = new GptModel(plan.Model, seed: 0, maxBatch: 4);
        var computedEverywhere = new GptModel(plan.Model, seed: 1, maxBatch: 4);
        var work = new B5WorkComparison(B5QueryKeyWork.Count(vanilla, inputs, targets, 4, t), B5QueryKeyWork.Count(computedEverywhere, inputs, targets, 4, t));
        Assert.Multiple(() =>
        {
            Assert.That(work.Ratio, Is.EqualTo(1.0), "no head skipped, no work saved");
            Assert.That(work.HoldsClaim(plan.Model.Heads), Is.False);
        });
    }

    [TestCase(2, 1)]
    [TestCase(4, 2)]
    public void The_counted_ratio_follows_the_heads_the_engine_skips(int heads, int fixedHeads)
    {
        var plan = Tiny(heads);
        int t = plan.Task.ContextLength;
        var (inputs, targets) = FirstBatch(plan, 3);
        var vanilla = B5QueryKeyWork.Count(new GptModel(plan.Model, seed: 0, maxBatch: 3), inputs, targets, 3, t);
        var module = B5QueryKeyWork.Count(new GptModel(plan.Model with { FixedHeads = fixedHeads }, seed: 0, maxBatch: 3), inputs, targets, 3, t);
        Assert.Multiple(() =>
        {
            Assert.That(module.Total * heads, Is.EqualTo(vanilla.Total * (heads - fixedHeads)), "exactly the learned heads' share");
            Assert.That(module.FixedHeadPasses, Is.EqualTo(3L * plan.Model.Layers * fixedHeads));
            Assert.That(vanilla.Tokens, Is.EqualTo(3L * t));
        });
    }

    private static LegoTrainingPlan Tiny(int heads) =>
        LegoTrainingPlan.Encoder(LegoSpec.Create(4, 2, shuffled: true, seed: 0, testSize: 30), layers: 2, channels: 16, heads: heads,
            steps: 1, batch: 4, learningRate: 1e-3f);

    private static (int[] Inputs, int[] Targets) FirstBatch(LegoTrainingPlan plan, int batch)
    {
        int t = plan.Task.ContextLength;
        var inputs = new int[batch * t];
        var targets = new int[batch * t];
        new LegoBatchSource(new LegoGenerator(plan.Task)).Next(inputs, targets, batch, t);
        return (inputs, targets);
    }
}
