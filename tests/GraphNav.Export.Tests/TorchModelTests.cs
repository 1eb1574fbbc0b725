using System.Text.Json;

namespace GraphNav.Export.Tests;

/// <summary>
/// Models exported by torch.onnx.export (Data/make_torch_models.py, PyTorch 1.13): a tiny GPT with
/// erf GELU, LayerNorm, a Trilu/Where causal mask, a qkv Split and Range positions. OnnxModel must
/// reproduce PyTorch's logits.
/// </summary>
public sealed class TorchModelTests
{
    private sealed record Expected(string TorchVersion, int Vocab, int Context, int Batch, int Sequence, int[] Ids, float[] Logits);

    private static readonly Expected Reference = JsonSerializer.Deserialize<Expected>(
        File.ReadAllText(DataFile("tiny_gpt_expected.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;

    [TestCase("tiny_gpt_opset14.onnx", null)]
    [TestCase("tiny_gpt_opset17.onnx", 8)]
    public void LogitsMatchPyTorch(string file, int? context)
    {
        using var model = new OnnxModel(DataFile(file));

        Assert.That((model.VocabSize, model.InputVocabSize), Is.EqualTo((Reference.Vocab, Reference.Vocab)));
        Assert.That(model.ContextLength, Is.EqualTo(context), "context comes from graphnav.context_length metadata (opset 17 file only)");
        var logits = new float[Reference.Batch * Reference.Sequence * Reference.Vocab];
        model.Logits(Reference.Ids, Reference.Batch, Reference.Sequence, logits);
        Assert.That(logits, Is.EqualTo(Reference.Logits).Within(1e-4f));
    }

    [Test]
    public void ShorterSequenceMatchesThePrefix()
    {
        // Causality: the first 3 positions do not depend on later tokens.
        using var model = new OnnxModel(DataFile("tiny_gpt_opset17.onnx"));
        var v = Reference.Vocab;
        var ids = Reference.Ids.AsSpan(0, 3).ToArray();
        var logits = new float[3 * v];
        model.Logits(ids, 1, 3, logits);
        Assert.That(logits, Is.EqualTo(Reference.Logits.AsSpan(0, 3 * v).ToArray()).Within(1e-4f));
    }

    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);
}
