using System.Text.Json;
using GraphNav.Experiments.Phenomena;
using GraphNav.Export.Gpt;
using GraphNav.Tasks.Files;

namespace GraphNav.Cli.Tests;

/// <summary>
/// Issue #13: <c>graphnav inspect</c> lists which phenomena apply to a model file and why not the
/// others — the same check an external run makes before measuring — in text and in --json. Three
/// small ONNX files the tests export: a graph decoder (2 layers × 2 heads with MLP, no attention
/// outputs), a LEGO encoder with attention outputs, and the A5 attention-only 1 × 1 decoder with
/// attentions and embeddings. The models are barely trained: applicability does not depend on skill.
/// </summary>
[NonParallelizable] // Console.Out/Error are process-wide
public class InspectApplicabilityTests
{
    private string _dir = "";

    [OneTimeSetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("graphnav-inspect-applies").FullName;

    [OneTimeTearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs inspect --json on <paramref name="model"/>; returns the text output and the ids whose row says "applies".</summary>
    private (string Output, string[] Applicable, JsonElement Rows) Inspect(string model)
    {
        var json = Path.Combine(_dir, Path.GetFileNameWithoutExtension(model) + ".json");
        var (exit, output, error) = GraphnavProcess.Run("inspect", model, "--json", json);
        TestContext.Out.WriteLine(output);
        Assert.That(exit, Is.Zero, error);
        var rows = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("applicability").GetProperty("phenomena").Clone();
        var applicable = rows.EnumerateArray().Where(r => r.GetProperty("applies").GetBoolean()).Select(r => r.GetProperty("id").GetString()!).ToArray();
        return (output, applicable, rows);
    }

    private static string Reason(JsonElement rows, string id) =>
        rows.EnumerateArray().Single(r => r.GetProperty("id").GetString() == id).GetProperty("reason").GetString()!;

    private string ExportGraph(string name, bool attentionOnly)
    {
        var plan = A5DistanceMechanism.Plan(Scale.Quick, seed: 0, threads: 1);
        if (!attentionOnly)
            plan = plan with { Model = plan.Model with { Layers = 2, Heads = 2, UseMlp = true } };
        plan = plan with { Training = plan.Training with { Steps = 1, WarmupSteps = 1 } };
        var path = Path.Combine(_dir, name);
        GptOnnxExporter.Export(plan.Train().Model, path,
            new GptExportOptions { IncludeAttentions = attentionOnly, TaskJson = TaskFile.ToJson(plan.Task) });
        return path;
    }

    [Test]
    public void A_graph_decoder_gets_the_graph_sampling_phenomena_and_a5_says_it_needs_attention()
    {
        var (output, applicable, rows) = Inspect(ExportGraph("graph-decoder.onnx", attentionOnly: false));
        Assert.Multiple(() =>
        {
            Assert.That(applicable, Is.EqualTo(new[] { "A2", "A3" }));
            Assert.That(Reason(rows, "A5"), Does.Contain("attention"));
            Assert.That(Reason(rows, "A6"), Does.Contain("not a motif task"));
            Assert.That(Reason(rows, "B1"), Does.Contain("not a LEGO task"));
            Assert.That(Reason(rows, "A1"), Is.EqualTo(A1StepwiseGap.ExternalReason));
            Assert.That(output, Does.Contain("  A2   yes").And.Contain("  B4   no  "));
        });
    }

    [Test]
    public void A_lego_encoder_with_attention_outputs_gets_the_lego_measurements()
    {
        var spec = Tasks.Lego.LegoSpec.Create(4, 2, seed: 0, testSize: 10);
        var plan = Experiments.Lego.LegoTrainingPlan.Encoder(spec, layers: 1, channels: 8, heads: 2, steps: 1, batch: 4, learningRate: 1e-3f);
        var path = Path.Combine(_dir, "lego-encoder.onnx");
        GptOnnxExporter.Export(plan.Train().Model, path, new GptExportOptions { IncludeAttentions = true, TaskJson = LegoTaskFile.ToJson(spec) });
        var (output, applicable, rows) = Inspect(path);
        Assert.Multiple(() =>
        {
            Assert.That(applicable, Is.EqualTo(new[] { "B1", "B4", "B6a" }));
            Assert.That(Reason(rows, "B2"), Does.Contain("training regimes"));
            Assert.That(Reason(rows, "A2"), Does.Contain("not a graph task"));
            Assert.That(output, Does.Contain("LEGO k = 2"));
        });
    }

    [Test]
    public void An_attention_only_one_by_one_decoder_with_embeddings_also_gets_a5()
    {
        var (_, applicable, _) = Inspect(ExportGraph("attention-only.onnx", attentionOnly: true));
        Assert.That(applicable, Is.EqualTo(new[] { "A2", "A3", "A5" }));
    }

    [Test]
    public void A_model_without_a_task_applies_to_nothing_and_says_to_pass_one()
    {
        var spec = Tasks.Lego.LegoSpec.Create(4, 2, seed: 0, testSize: 10);
        var plan = Experiments.Lego.LegoTrainingPlan.Encoder(spec, layers: 1, channels: 8, heads: 2, steps: 1, batch: 4, learningRate: 1e-3f);
        var path = Path.Combine(_dir, "no-task.onnx");
        GptOnnxExporter.Export(plan.Train().Model, path);
        var (_, applicable, rows) = Inspect(path);
        Assert.Multiple(() =>
        {
            Assert.That(applicable, Is.Empty);
            Assert.That(Reason(rows, "B1"), Does.Contain("no graphnav.task metadata"));
        });
    }
}
