using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Training;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// The B fixtures' two paper scales (PaperLegoModels): the CPU paper scale is the recipe search's
/// mimicking recipe at n 6, k 3; PaperExact is the official setup for a GPU (its plans are checked
/// here as data; it is never trained on this machine).
/// </summary>
public class PaperLegoScaleTests
{
    [TearDown]
    public void RestoreScale() => PaperLegoModels.Current = LegoPaperScale.Cpu;

    [Test]
    public void The_cpu_paper_scale_is_the_mimicking_recipe_at_n6_k3()
    {
        var plan = PaperLegoModels.Plan(seed: 1, threads: 2);
        var random = PaperLegoModels.RandomInitPlan(seed: 1, threads: 2);
        Assert.Multiple(() =>
        {
            Assert.That((plan.Task.Variables, plan.Task.SupervisedPositions, plan.Task.Seed), Is.EqualTo((6, 3, 1)));
            Assert.That((plan.Model.Layers, plan.Model.Channels, plan.Model.Heads), Is.EqualTo((4, 128, 4)));
            Assert.That(plan.Model.EmbeddingLayerNorm, Is.True);
            Assert.That(plan.MimicSteps, Is.EqualTo(1000));
            Assert.That((plan.Training.Steps, plan.Training.BatchSize, plan.Training.Decay), Is.EqualTo((1250, 256, LearningRateDecay.Constant)));
            Assert.That(random.MimicSteps, Is.Zero);
            Assert.That(random with { MimicSteps = plan.MimicSteps }, Is.EqualTo(plan), "the random-init plan differs only by the mimicking phase");
            Assert.That(B3Spec.Arms(plan), Is.EqualTo((plan, random)));
            Assert.That(B1Spec.Bar(Scale.Paper), Does.Contain("1–3"));
        });
    }

    [Test]
    public void Paper_exact_is_bert_base_on_the_official_task_and_schedule()
    {
        PaperLegoModels.Current = LegoPaperScale.Exact;
        var plan = PaperLegoModels.Plan(seed: 0, threads: 1);
        Assert.Multiple(() =>
        {
            Assert.That((plan.Task.Variables, plan.Task.SupervisedPositions, plan.Task.TrainSize), Is.EqualTo((12, 6, 120_000)));
            Assert.That((plan.Model.Layers, plan.Model.Channels, plan.Model.Heads), Is.EqualTo((12, 768, 12)));
            Assert.That((plan.Model.EmbeddingLayerNorm, plan.Model.Initialization), Is.EqualTo((true, GptInitialization.Bert)));
            Assert.That((plan.Training.Steps, plan.Training.BatchSize, plan.Training.LearningRate), Is.EqualTo((24_000, 1000, 5e-5f)));
            Assert.That((plan.Training.Decay, plan.Training.WarmupSteps, plan.Training.WeightDecay, plan.Training.GradClip),
                Is.EqualTo((LearningRateDecay.Cosine, 0, 0f, 0f)));
            Assert.That(plan.MimicSteps, Is.Zero, "the official main runs start from random init");
            Assert.That(B3Spec.Arms(plan).Mimicked.MimicSteps, Is.EqualTo(1000), "B3 adds the official 1000-step phase to its own arm");
            Assert.That(B1Spec.Bar(Scale.Paper), Does.Contain("1–6"));
        });
    }

    [Test]
    public void The_lego_scale_parameter_is_parsed_and_exact_is_refused_on_the_engine()
    {
        var gpu = TrainingBackend.Engine with { Name = "torch-cuda" };
        Assert.Multiple(() =>
        {
            Assert.That(PaperLegoModels.ParseScale("", TrainingBackend.Engine), Is.EqualTo(LegoPaperScale.Cpu));
            Assert.That(PaperLegoModels.ParseScale("CPU", TrainingBackend.Engine), Is.EqualTo(LegoPaperScale.Cpu));
            Assert.That(PaperLegoModels.ParseScale("exact", gpu), Is.EqualTo(LegoPaperScale.Exact));
            Assert.That(() => PaperLegoModels.ParseScale("exact", TrainingBackend.Engine),
                Throws.ArgumentException.With.Message.Contains("Backend=torch:cuda"));
            Assert.That(() => PaperLegoModels.ParseScale("huge", gpu), Throws.ArgumentException.With.Message.StartsWith("LegoScale 'huge'"));
        });
    }
}
