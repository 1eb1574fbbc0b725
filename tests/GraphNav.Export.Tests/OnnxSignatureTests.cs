using Google.Protobuf;
using GraphNav.Export.Onnx;
using GraphNav.Export.Onnx.Proto;

namespace GraphNav.Export.Tests;

/// <summary>
/// Signatures seen in the wild (issue #13), each on a small file written by our own ONNX writer:
/// those GraphNav can feed give the right logits, the others a message naming the input. Int32 ids,
/// float16 logits, a required attention_mask and past_key_values without use_cache_branch are in
/// <see cref="OnnxModelTests"/>.
/// </summary>
public sealed class OnnxSignatureTests
{
    private static readonly int[] Ids = [1, 2, 3, 4, 5, 6, 0, 1];
    private readonly TinyModels models = new(seed: 9);
    private TempFolder folder = null!;

    [SetUp]
    public void SetUp() => folder = new TempFolder();

    [TearDown]
    public void TearDown() => folder.Dispose();

    [Test]
    public void AStaticBatchOfOneRunsAnyBatchRowByRow()
    {
        var proto = Parse(models.Bigram());
        proto.Graph.Input[0].Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimValue = 1 };
        proto.Graph.Output[0].Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimValue = 1 };
        using var model = new OnnxModel(Save(proto));
        Assert.That(model.FixedBatch, Is.EqualTo(1));
        var logits = new float[Ids.Length * TinyModels.Vocab];
        model.Logits(Ids, 4, 2, logits);
        Assert.That(logits, Is.EqualTo(models.Expected(Ids, 2)).Within(1e-5f));
    }

    [Test]
    public void AStaticSequenceShorterFeedIsNamedNotCrashed()
    {
        using var model = new OnnxModel(Save(Parse(models.Bigram(sequence: 4))));
        var logits = new float[3 * TinyModels.Vocab];
        Assert.That(() => model.Logits([1, 2, 3], 1, 3, logits), Throws.ArgumentException
            .With.Message.Contains("input 'input_ids' has a fixed sequence length of 4").And.Message.Contains("feeds 3 tokens"));
        var full = new float[4 * TinyModels.Vocab];
        model.Logits([1, 2, 3, 4], 1, 4, full);
        Assert.That(full, Is.EqualTo(models.Expected([1, 2, 3, 4], 4)).Within(1e-5f));
    }

    [Test]
    public void LogitsUnderAnotherNameAreTheFirstOutput()
    {
        var proto = Parse(models.Bigram());
        proto.Graph.Node[^1].Output[0] = "scores";
        proto.Graph.Output[0].Name = "scores";
        using var model = new OnnxModel(Save(proto));
        Assert.That(model.LogitsOutput, Is.EqualTo("scores"));
        var logits = new float[Ids.Length * TinyModels.Vocab];
        model.Logits(Ids, 2, 4, logits);
        Assert.That(logits, Is.EqualTo(models.Expected(Ids, 4)).Within(1e-5f));
    }

    [Test]
    public void AMergedDecodersUseCacheBranchIsFedFalseAndRecomputes()
    {
        var b = models.Bigram();
        b.AddInput("past_key_values.0.key", OnnxElementType.Float, "batch", 2, "past_sequence", 3);
        b.AddInput("past_key_values.0.value", OnnxElementType.Float, "batch", 2, "past_sequence", 3);
        b.AddInput("use_cache_branch", OnnxElementType.Bool, 1);
        b.AddNode("Identity", ["past_key_values.0.key"], ["present.0.key"]);
        b.AddNode("Identity", ["past_key_values.0.value"], ["present.0.value"]);
        b.AddNode("Identity", ["use_cache_branch"], ["branch_taken"]);
        b.AddOutput("present.0.key", OnnxElementType.Float, "batch", 2, "past_sequence", 3);
        b.AddOutput("present.0.value", OnnxElementType.Float, "batch", 2, "past_sequence", 3);
        b.AddOutput("branch_taken", OnnxElementType.Bool, 1);
        var path = Save(Parse(b));

        using var file = ModelFileOpener.Open(path);
        var model = file.Onnx!;
        Assert.That(model.HasUseCacheBranch, Is.True);
        var logits = new float[Ids.Length * TinyModels.Vocab];
        model.Logits(Ids, 2, 4, logits);
        Assert.That(logits, Is.EqualTo(models.Expected(Ids, 4)).Within(1e-5f));
        Assert.That(file.KvCache, Is.Null);
        Assert.That(file.KvCacheUnavailable, Does.Contain("use_cache_branch"));
    }

    [TestCase(13)]
    [TestCase(14)]
    [TestCase(15)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(18)]
    [TestCase(19)]
    [TestCase(20)]
    [TestCase(21)]
    public void OpsetsThirteenToTwentyOneRun(int opset)
    {
        var proto = Parse(models.Bigram(withMaskAndPositions: true, opset: opset));
        // ONNX ties opsets to IR versions: 19–20 need IR 9, 21 needs IR 10.
        proto.IrVersion = opset >= 21 ? 10 : opset >= 19 ? 9 : proto.IrVersion;
        using var model = new OnnxModel(Save(proto));
        Assert.That(model.File.Opsets[""], Is.EqualTo(opset));
        var logits = new float[Ids.Length * TinyModels.Vocab];
        model.Logits(Ids, 2, 4, logits);
        Assert.That(logits, Is.EqualTo(models.Expected(Ids, 4, withPositions: true)).Within(1e-5f));
    }

    [Test]
    public void AnInputGraphNavCannotFeedIsNamed()
    {
        var b = models.Bigram();
        b.AddInput("token_type_ids", OnnxElementType.Int64, "batch", "sequence");
        b.AddNode("Identity", ["token_type_ids"], ["types"]);
        b.AddOutput("types", OnnxElementType.Int64, "batch", "sequence");
        var path = Save(Parse(b));
        Assert.That(() => new OnnxModel(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("input 'token_type_ids: Int64[-1, -1]' is not one GraphNav can feed"));
    }

    [Test]
    public void ABooleanUseCacheBranchOfAnotherShapeIsNamed()
    {
        var b = models.Bigram();
        b.AddInput("use_cache_branch", OnnxElementType.Int64, 1);
        b.AddNode("Identity", ["use_cache_branch"], ["branch_taken"]);
        b.AddOutput("branch_taken", OnnxElementType.Int64, 1);
        Assert.That(() => new OnnxModel(Save(Parse(b))), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("'use_cache_branch: Int64[1]' must be Bool [1]"));
    }

    private static ModelProto Parse(OnnxGraphBuilder builder) => ModelProto.Parser.ParseFrom(builder.ToBytes());

    private string Save(ModelProto proto)
    {
        var path = folder.File("model.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
        return path;
    }
}
