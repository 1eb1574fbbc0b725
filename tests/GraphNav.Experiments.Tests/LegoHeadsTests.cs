using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Lego;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;
using GraphNav.Models;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;
using System.Text.Json;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// Structured attention on LEGO (docs/PHENOMENA.md §3 B3, B5): the engine's fixed maps are the task's maps,
/// the plan variants keep old cache keys, and B3 / B5 run their whole protocol on tiny plans
/// (n = 4, k = 2, one block of width 16 with 4 heads, 40 steps; competence not expected).
/// </summary>
public class LegoHeadsTests() : TinyLegoProtocolFixture("graphnav-lego-heads")
{
    private static readonly LegoPlanFactory Tiny = TinyPlans(heads: 4);

    /// <summary>B3's plans begin with a mimicking phase (4 steps here, the paper scale's 1000).</summary>
    private static readonly LegoPlanFactory TinyMimicked = (seed, threads, order, weights) => Tiny(seed, threads, order, weights) with { MimicSteps = 4 };

    [Test]
    public void Variants_change_the_cache_key_and_defaults_keep_the_old_one()
    {
        var plan = Tiny(0, 1, ClauseOrder.Shuffled, BlockWeights.Separate);
        // The description CacheKey hashed before MimicSteps / FixedHeads existed.
        string old = ModelCache.Key(string.Join('\n', "graphnav.lego-encoder/1", EngineInfo.Version, plan.Task.ToJson(),
            JsonSerializer.Serialize(plan.Model), JsonSerializer.Serialize(plan.Training with { Threads = 1 })));
        var mimic = TinyMimicked(0, 1, ClauseOrder.Shuffled, BlockWeights.Separate);
        var (mimicked, random) = B3Spec.Arms(mimic);
        var hardCoded = B5Spec.WithHardCodedHeads(mimic);
        Assert.Multiple(() =>
        {
            Assert.That(plan.CacheKey(), Is.EqualTo(old));
            Assert.That(mimic.CacheKey(), Is.Not.EqualTo(old));
            Assert.That(random.CacheKey(), Is.EqualTo(old), "B3's random arm is the plan without its mimicking phase");
            Assert.That(random.Training, Is.EqualTo(mimic.Training), "same LEGO budget");
            Assert.That(mimicked, Is.EqualTo(mimic), "a plan with a mimicking phase is B3's mimicked arm");
            Assert.That(B3Spec.Arms(plan).Mimicked.MimicSteps, Is.EqualTo(B3Spec.OfficialMimicSteps), "a plan without one gets the official phase");
            Assert.That(B3Spec.Arms(plan).Random, Is.EqualTo(plan));
            Assert.That(hardCoded.Model.FixedHeads, Is.EqualTo(B5Spec.HardCodedHeads));
            Assert.That(hardCoded.MimicSteps, Is.Zero, "the fixed heads are the maps mimicking would pull toward");
            Assert.That(hardCoded.CacheKey(), Is.Not.EqualTo(old));
            Assert.That(() => (hardCoded with { MimicSteps = 4 }).Train(), Throws.ArgumentException.With.Message.Contains("learned heads"));
        });
    }

    [Test]
    public void Mimicking_plan_pretrains_the_attention_then_runs_the_unchanged_lego_training()
    {
        // 1 LEGO step so the model is still close to where mimicking left it.
        var plan = Tiny(0, 1, ClauseOrder.Shuffled, BlockWeights.Separate);
        plan = plan with { Training = plan.Training with { Steps = 1, WarmupSteps = 0 } };
        var mimicPlan = plan with { MimicSteps = 150 };
        var trained = mimicPlan.Train().Model;

        // The same two phases by hand: mimicking toward heads 0/1 of every layer, then a fresh Trainer.
        var training = plan.Training with { SequenceLength = plan.Task.ContextLength };
        var manual = new GptModel(plan.Model, training.Seed, training.BatchSize);
        new GraphNav.Models.Training.Trainer(manual, training with { Steps = 150 }, GraphNav.Models.Training.TrainingLosses.AttentionMimic(new FixedMapTargets(plan.Model.Layers)))
            .Run(new LegoBatchSource(new LegoGenerator(plan.Task)));
        new GraphNav.Models.Training.Trainer(manual, training).Run(new LegoBatchSource(new LegoGenerator(plan.Task)));

        var test = new LegoGenerator(plan.Task).TestSet();
        double random = LegoAttentionLoss.Measure(plan.Train().Model, test, plan.Task.ContextLength);
        double mimicked = LegoAttentionLoss.Measure(trained, test, plan.Task.ContextLength);
        TestContext.Out.WriteLine($"heads 0/1 KL to the maps on the test set: random init {random:F3}, after 150 mimicking steps {mimicked:F3}");
        Assert.Multiple(() =>
        {
            Assert.That(trained.Parameters.Data, Is.EqualTo(manual.Parameters.Data), "plan = mimicking phase + LEGO phase");
            Assert.That(mimicked, Is.LessThan(random), "mimicking moved heads 0/1 toward the maps");
        });
    }

    [Test]
    public void A_tied_encoder_takes_the_mimicking_phase_too()
    {
        // B2's tied arm at the CPU paper scale: one block applied twice, mimicked at both applications.
        var plan = Tiny(0, 1, ClauseOrder.Shuffled, BlockWeights.Tied);
        plan = plan with { Training = plan.Training with { Steps = 1, WarmupSteps = 0 } };
        var test = new LegoGenerator(plan.Task).TestSet();
        double random = LegoAttentionLoss.Measure(plan.Train().Model, test, plan.Task.ContextLength);
        double mimicked = LegoAttentionLoss.Measure((plan with { MimicSteps = 150 }).Train().Model, test, plan.Task.ContextLength);
        TestContext.Out.WriteLine($"tied, heads 0/1 KL to the maps: random init {random:F3}, after 150 mimicking steps {mimicked:F3}");
        Assert.That(mimicked, Is.LessThan(random));
    }

    public static IEnumerable<TestCaseData> Phenomena()
    {
        yield return new TestCaseData(new B3AttentionMimicking(TinyMimicked), "mimic_random_mean_accuracy_at_positions_3_4").SetArgDisplayNames("B3");
        yield return new TestCaseData(new B5LegoAttentionModule(Tiny), "hard_coded_vanilla_mean_accuracy_at_positions_3_4").SetArgDisplayNames("B5");
    }

    [TestCaseSource(nameof(Phenomena))]
    public void Runs_the_protocol_and_is_reproducible_from_the_cache(IPhenomenon phenomenon, string measurement)
    {
        var first = phenomenon.Run(Context());
        var second = phenomenon.Run(Context());
        TestContext.Out.WriteLine($"{first.Phenomenon}: {first.Verdict} — {first.Reason}");
        foreach (var x in first.Measurements) TestContext.Out.WriteLine($"  {x.Label}: {x.Mean:G3} [{x.Low:G3}, {x.High:G3}]");
        Assert.Multiple(() =>
        {
            Assert.That(first.Verdict, Is.Not.EqualTo(Verdict.Inconclusive), first.Reason);
            Assert.That(first.ModelHashes, Has.Count.EqualTo(4), "two seeds × (baseline, variant)");
            Assert.That(Directory.GetFiles(CacheFolder, "*.safetensors"), Has.Length.EqualTo(4), "one cached model per seed and variant");
            var m = first.Measurements.Single(x => x.Key == measurement);
            Assert.That(m.Low, Is.LessThanOrEqualTo(m.Mean));
            Assert.That(m.High, Is.GreaterThanOrEqualTo(m.Mean));
            Assert.That(second.Measurements, Is.EqualTo(first.Measurements), "the second run reads the same models from the cache");
        });
    }

    [Test]
    public void B5_records_the_counted_query_key_work_even_when_the_floor_fails()
    {
        // Tiny models (40 steps) are below B5's floor: the run fails as not competent, yet the work,
        // counted at initialisation, is in the record with its own verdict.
        var result = new B5LegoAttentionModule(Tiny).Run(Context());
        Assert.Multiple(() =>
        {
            Assert.That(result.Reason, Does.StartWith("model not competent"));
            Assert.That(result.Measurements.Single(x => x.Key == B5Spec.QueryKeyWorkRatio.Key).Mean, Is.EqualTo(0.5), "2 of 4 heads skip q·kᵀ");
            Assert.That(result.Parameters[B5Spec.WorkVerdictParameter], Does.StartWith("holds — "));
            Assert.That(result.Parameters[B5Spec.WorkMethodParameter], Does.Contain("at initialisation"));
        });
    }

    [Test]
    public void B3_and_B5_are_paper_scale_only()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new B3AttentionMimicking(TinyMimicked).Run(Context(Scale.Quick)).Reason, Does.Contain("PaperScale only"));
            Assert.That(new B5LegoAttentionModule(Tiny).Run(Context(Scale.Quick)).Reason, Does.Contain("PaperScale only"));
        });
    }
}
