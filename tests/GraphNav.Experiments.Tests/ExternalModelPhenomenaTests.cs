using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;
using GraphNav.Tasks.Files;
using GraphNav.Tasks.Motifs;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// Issue #4 §3: a model file (here an engine checkpoint carrying its task in the metadata) is asked
/// every phenomenon; those that fit measure it, the others are inconclusive with the reason.
/// The models are trained for a few steps only, so the ones that measure them find them not competent.
/// </summary>
public class ExternalModelPhenomenaTests
{
    private string _dir = "";
    private string _motifModel = "";

    [OneTimeSetUp]
    public void TrainTinyMotifModel()
    {
        _dir = Directory.CreateTempSubdirectory("graphnav-external-test").FullName;
        var task = MotifTask.CreateQuick(0);
        var trainer = MotifTrainingPlan.PaperA(task, seed: 0, steps: 3).Train();
        _motifModel = Path.Combine(_dir, "motif.safetensors");
        trainer.SaveCheckpoint(_motifModel, new Dictionary<string, string> { [ModelFiles.TaskMetadataKey] = MotifTaskFile.ToJson(task) });
    }

    /// <summary>A few steps of the A5 attention-only model on its task, exported to ONNX.</summary>
    private string ExportAttentionOnly(bool attentions)
    {
        var plan = A5DistanceMechanism.Plan(Scale.Quick, seed: 0, threads: 1);
        plan = plan with { Training = plan.Training with { Steps = 3, WarmupSteps = 1 } };
        var trainer = plan.Train();
        var path = Path.Combine(_dir, attentions ? "a5-attn.onnx" : "a5-plain.onnx");
        Export.Gpt.GptOnnxExporter.Export(trainer.Model, path,
            new Export.Gpt.GptExportOptions { IncludeAttentions = attentions, TaskJson = TaskFile.ToJson(plan.Task) });
        return path;
    }

    [Test]
    public void A5_measures_an_onnx_export_with_attentions_and_embeddings()
    {
        var result = PhenomenonRunner.Run(new A5DistanceMechanism(), External(ExportAttentionOnly(attentions: true)));
        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Fail));
            Assert.That(result.Reason, Does.StartWith("model not competent"));
            Assert.That(result.Measurements.Select(m => m.Key), Has.Some.Contains("surrogate_validity"));
        });
    }

    [Test]
    public void A5_on_an_onnx_file_without_attention_outputs_is_inconclusive()
    {
        var result = PhenomenonRunner.Run(new A5DistanceMechanism(), External(ExportAttentionOnly(attentions: false)));
        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(result.Reason, Does.Contain("attention"));
        });
    }

    [OneTimeTearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private PhenomenonContext External(string model) =>
        PhenomenonContext.Default() with { ExternalModel = model, Seeds = [0], Cache = new Caching.ModelCache(Path.Combine(_dir, "cache")) };

    [Test]
    public void A6_measures_an_external_motif_model_on_its_own_task()
    {
        var result = PhenomenonRunner.Run(new A6CompositionalGeneralization(), External(_motifModel));
        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Fail));
            Assert.That(result.Reason, Does.StartWith("model not competent"));
            Assert.That(result.Measurements.Select(m => m.Key), Has.Some.EqualTo(A6Spec.HeldOut.Key));
            Assert.That(result.Seeds, Is.EqualTo(new[] { 0 }));
        });
    }

    [Test]
    public void A_graph_phenomenon_on_a_motif_model_is_inconclusive_and_says_why()
    {
        var result = PhenomenonRunner.Run(new A2DiversityAccuracy(), External(_motifModel));
        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(result.Reason, Does.Contain("motif.safetensors").And.Contain("motif"));
        });
    }

    [Test]
    public void A_phenomenon_that_does_not_apply_is_not_run_and_says_why()
    {
        var probe = new Probe(applies: false, fails: false);
        var result = PhenomenonRunner.Run(probe, External(_motifModel));
        var lego = PhenomenonRunner.Run(new B1LengthExtrapolation(), External(_motifModel));
        Assert.Multiple(() =>
        {
            Assert.That(probe.Runs, Is.Zero, "the check comes before measuring");
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(result.Reason, Is.EqualTo(PhenomenonRunner.DoesNotApply(_motifModel, Probe.Reason)));
            Assert.That(lego.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(lego.Reason, Does.StartWith($"does not apply to {_motifModel}: ").And.Contain("not a LEGO task"));
            Assert.That(lego.Measurements, Is.Empty);
            Assert.That(lego.ModelHashes, Is.Empty, "the file was profiled, not measured");
        });
    }

    [Test]
    public void A_model_that_fits_but_breaks_while_measuring_is_an_error_not_a_verdict()
    {
        var probe = new Probe(applies: true, fails: true);
        Assert.Throws<InvalidDataException>(() => PhenomenonRunner.Run(probe, External(_motifModel)));
        Assert.That(probe.Runs, Is.EqualTo(1));
    }

    [Test]
    public void The_motif_model_profile_names_its_task_and_shape()
    {
        using var opened = ModelFiles.Open(_motifModel, threads: 1);
        var profile = ModelProfile.Of(opened, taskPath: null);
        var applicable = ApplicabilityTable.Of(profile).Where(r => r.Applies).Select(r => r.Id);
        Assert.Multiple(() =>
        {
            Assert.That(profile.TaskKind, Is.EqualTo(ModelProfile.Motif));
            Assert.That(profile.TaskProblem, Is.Empty);
            Assert.That(profile.AttentionOnly, Is.False, "paper A's motif model has MLP blocks");
            Assert.That(applicable, Is.EqualTo(new[] { "A6", "A7" }));
        });
    }

    /// <summary>A phenomenon that counts its runs; it applies or not, and its run fails like a broken file or not.</summary>
    private sealed class Probe(bool applies, bool fails) : IPhenomenon
    {
        public const string Reason = "the probe does not apply";
        public int Runs { get; private set; }
        public string Id => "P0";
        public string Title => "probe";
        public string Claim => "none";
        public QuickScaleRun QuickRun => QuickScaleRun.Default;
        public string Bar(Scale scale) => "none";
        public Applicability AppliesTo(ModelProfile model) => applies ? Applicability.Yes : Applicability.No(Reason);

        public PhenomenonResult Run(PhenomenonContext context)
        {
            Runs++;
            if (fails) throw new InvalidDataException("the model produced NaN logits");
            return new ResultBuilder(this, context).Inconclusive("measured nothing");
        }
    }

    [Test]
    public void An_external_run_has_its_own_record_file_and_names_the_model()
    {
        // Issue #18: external runs were written to {id}-quick.json, overwriting the suite's own record.
        var external = PhenomenonRunner.Run(new A1StepwiseGap(), External(_motifModel));
        var suiteOwn = external with { ExternalModel = null };
        var folder = Path.Combine(_dir, "records");
        string externalPath = external.WriteTo(folder), suitePath = suiteOwn.WriteTo(folder);
        Assert.Multiple(() =>
        {
            Assert.That(external.ExternalModel, Is.EqualTo(_motifModel));
            Assert.That(Path.GetFileName(externalPath), Is.EqualTo("A1-external-motif.safetensors.json"));
            Assert.That(Path.GetFileName(suitePath), Is.EqualTo("A1-quick.json"));
            Assert.That(Directory.GetFiles(folder), Has.Length.EqualTo(2), "neither record overwrote the other");
            Assert.That(PhenomenonResult.FromJson(File.ReadAllText(externalPath)).ExternalModel, Is.EqualTo(_motifModel));
        });
    }

    [Test]
    public void Phenomena_that_need_training_are_inconclusive_for_an_external_model()
    {
        var result = PhenomenonRunner.Run(new A1StepwiseGap(), External(_motifModel));
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }
}
