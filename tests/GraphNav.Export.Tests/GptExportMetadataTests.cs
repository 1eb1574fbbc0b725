using GraphNav.Export.Gpt;
using GraphNav.Export.Onnx;
using GraphNav.Models.Gpt;

namespace GraphNav.Export.Tests;

/// <summary>What the exported file declares: opset, I/O signature, metadata, named weights; refusals.</summary>
[TestFixture]
public sealed class GptExportMetadataTests
{
    private const string TaskJson = """{"schema":"graphnav.task/1","kind":"test"}""";

    [Test]
    public void FileDeclaresOpsetSignatureAndMetadata()
    {
        var config = GptTestModels.Small with { Layers = 3 };
        var model = GptTestModels.Random(config, 5);
        using var folder = new TempFolder();
        var path = folder.File("gpt.onnx");
        GptOnnxExporter.Export(model, path, new GptExportOptions { TaskJson = TaskJson, IncludeAttentions = true, KvCache = true });

        var file = OnnxFile.Read(path);
        Assert.That(file.IrVersion, Is.EqualTo(8));
        Assert.That(file.Opsets[""], Is.EqualTo(17));
        Assert.That(file.Inputs[0].ToString(), Is.EqualTo("input_ids: Int64[batch, sequence]"));
        Assert.That(file.Inputs.Skip(1).Select(i => i.Name), Is.EqualTo(Enumerable.Range(0, 3).SelectMany(l => new[] { $"past_key_values.{l}.key", $"past_key_values.{l}.value" })));
        Assert.That(file.Inputs[1].ToString(), Is.EqualTo("past_key_values.0.key: Float[batch, 2, past_sequence, 8]"));
        Assert.That(file.Outputs[0].ToString(), Is.EqualTo("logits: Float[batch, sequence, 11]"));
        Assert.That(file.Outputs[1].ToString(), Is.EqualTo("attentions.0: Float[batch, 2, sequence, total_sequence]"));
        Assert.That(file.Outputs.Select(o => o.Name), Does.Contain("present.2.value"));

        Assert.That(file.Metadata[OnnxModel.TaskMetadataKey], Is.EqualTo(TaskJson));
        Assert.That(file.Metadata[OnnxModel.ContextLengthMetadataKey], Is.EqualTo("32"));
        Assert.That(GptOnnxExporter.ReadConfig(file), Is.EqualTo(config));
        using var onnx = new OnnxModel(path);
        Assert.That(onnx.TaskJson, Is.EqualTo(TaskJson));
        Assert.That(onnx.ContextLength, Is.EqualTo(32));
    }

    [Test]
    public void EmbeddingMetadataNamesTheEnginesTensors()
    {
        var config = GptTestModels.Small;
        var model = GptTestModels.Random(config, 6);
        using var folder = new TempFolder();
        var path = folder.File("gpt.onnx");
        GptOnnxExporter.Export(model, path);
        var file = OnnxFile.Read(path);
        var names = GptEmbeddingNames.Parse(file.Metadata[OnnxModel.EmbeddingsMetadataKey]);
        Assert.That(names.TokenEmbedding, Is.EqualTo("wte"));
        Assert.That(names.ValueProjection, Is.EqualTo(new[] { "qkvw.0.v", "qkvw.1.v" }));
        Assert.That(names.OutputProjection, Is.EqualTo(new[] { "attprojw.0", "attprojw.1" }));
        Assert.That(names.Heads, Is.EqualTo(2));
        Assert.That(names.WeightLayout, Is.EqualTo("in_out"));

        int C = config.Channels;
        Assert.That(file.ReadFloats(names.TokenEmbedding), Is.EqualTo(model.Parameters.Wte.Span.ToArray()));
        Assert.That(file.ReadFloats(names.PositionEmbedding), Is.EqualTo(model.Parameters.Wpe.Span.ToArray()));
        for (int l = 0; l < config.Layers; l++)
        {
            // Engine qkvw [3C, C] rows q|k|v, [out, in]; the file holds the v block as [in, out].
            var v = file.ReadFloats(names.ValueProjection[l]);
            var o = file.ReadFloats(names.OutputProjection[l]);
            var qkvw = model.Parameters.Qkvw.Layer(l);
            var proj = model.Parameters.AttProjw.Layer(l);
            for (int i = 0; i < C; i++)
                for (int j = 0; j < C; j++)
                {
                    Assert.That(v[i * C + j], Is.EqualTo(qkvw[(2 * C + j) * C + i]));
                    Assert.That(o[i * C + j], Is.EqualTo(proj[j * C + i]));
                }
            Assert.That(file.ReadFloats(names.ValueBias[l]), Is.EqualTo(model.Parameters.Qkvb.Layer(l)[(2 * C)..].ToArray()));
            Assert.That(file.ReadFloats(names.OutputBias[l]), Is.EqualTo(model.Parameters.AttProjb.Layer(l).ToArray()));
        }
        // Tied head: the embedding is stored once.
        Assert.That(file.Initializers.Select(i => i.Name), Does.Not.Contain(GptWeightNames.LmHead));
    }

    [Test]
    public void WriteIsAtomicAndReplacesAnExistingFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("gpt.onnx");
        File.WriteAllText(path, "old");
        var model = new GptModel(GptTestModels.Small, 1);
        GptOnnxExporter.Export(model, path);
        Assert.That(Directory.GetFiles(folder.Path), Is.EqualTo(new[] { path }), "no temporary file left");
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(GptOnnxExporter.ToBytes(model)));
    }

    [Test]
    public void KvCacheOfAnEncoderIsRefused()
    {
        var encoder = new GptModel(GptTestModels.Small with { Causal = false }, 1);
        using var folder = new TempFolder();
        var error = Assert.Throws<NotSupportedException>(() =>
            GptOnnxExporter.Export(encoder, folder.File("x.onnx"), new GptExportOptions { KvCache = true }));
        Assert.That(error!.Message, Does.Contain("Causal"));
        Assert.That(File.Exists(folder.File("x.onnx")), Is.False);
    }

    [Test]
    public void TaskThatIsNotJsonIsRefused()
    {
        var model = new GptModel(GptTestModels.Small, 1);
        var error = Assert.Throws<ArgumentException>(() => GptOnnxExporter.ToBytes(model, new GptExportOptions { TaskJson = "{not json" }));
        Assert.That(error!.Message, Does.Contain("TaskJson"));
    }

    /// <summary>A config feature the exporter was not written for (here a hypothetical "FutureFeature";
    /// OutputSize, the example this test once used, is now exported) is named, while its default value and every known setting pass.</summary>
    [Test]
    public void UnknownConfigSettingsAreNamed()
    {
        var defaults = System.Text.Json.JsonSerializer.Serialize(new GptConfig());
        var known = System.Text.Json.JsonSerializer.Serialize(GptTestModels.Small with { Causal = false, TiedHead = false });
        Assert.That(GptOnnxExporter.UnknownSetting(known, defaults), Is.Null);
        var withDefault = defaults.Replace("}", ""","FutureFeature":0}""", StringComparison.Ordinal);
        var withFeature = known.Replace("}", ""","FutureFeature":2}""", StringComparison.Ordinal);
        Assert.That(GptOnnxExporter.UnknownSetting(withDefault, withDefault), Is.Null);
        Assert.That(GptOnnxExporter.UnknownSetting(withFeature, withDefault), Is.EqualTo("FutureFeature = 2"));
    }

    [Test]
    public void BadEmbeddingMetadataIsAFormatError()
    {
        Assert.Throws<FormatException>(() => GptEmbeddingNames.Parse("[1, 2]"));
        Assert.Throws<FormatException>(() => GptEmbeddingNames.Parse("""{"token_embedding":"wte"}"""));
    }
}
