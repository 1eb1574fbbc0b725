using GraphNav.Export.Onnx;

namespace GraphNav.Export.Tests;

/// <summary>OnnxModel against tiny models whose logits are computed here in C#.</summary>
public sealed class OnnxModelTests
{
    private static readonly int[] Ids = [0, 3, 6, 2, 5, 1, 1, 4]; // [2, 4]
    private TempFolder folder = null!;
    private TinyModels models = null!;

    [SetUp]
    public void SetUp()
    {
        folder = new TempFolder();
        models = new TinyModels(seed: 7);
    }

    [TearDown]
    public void TearDown() => folder.Dispose();

    [TestCase(OnnxElementType.Int64)]
    [TestCase(OnnxElementType.Int32)]
    public void BigramLogitsMatchCSharp(OnnxElementType idType)
    {
        var path = folder.File("bigram.onnx");
        models.Bigram(idType).Save(path);
        using var model = new OnnxModel(path);

        Assert.That(model.IdType, Is.EqualTo(idType));
        Assert.That(model.VocabSize, Is.EqualTo(TinyModels.Vocab));
        Assert.That(model.ContextLength, Is.Null);
        var logits = new float[Ids.Length * TinyModels.Vocab];
        model.Logits(Ids, batch: 2, sequence: 4, logits);
        Assert.That(logits, Is.EqualTo(models.Expected(Ids, 4)).Within(1e-5f));
    }

    [Test]
    public void AttentionMaskAndPositionIdsAreFilled()
    {
        var path = folder.File("positions.onnx");
        models.Bigram(withMaskAndPositions: true).Save(path);
        using var model = new OnnxModel(path);

        Assert.That(model.HasAttentionMask, Is.True);
        Assert.That(model.HasPositionIds, Is.True);
        var logits = new float[Ids.Length * TinyModels.Vocab];
        model.Logits(Ids, batch: 2, sequence: 4, logits);
        // A mask of zeros or positions other than 0..T-1 would change these values.
        Assert.That(logits, Is.EqualTo(models.Expected(Ids, 4, withPositions: true)).Within(1e-5f));
    }

    [Test]
    public void LayerNormalizationOpset17MatchesCSharp()
    {
        var path = folder.File("layernorm.onnx");
        models.Bigram(layerNorm: true).Save(path);
        using var model = new OnnxModel(path);

        var logits = new float[Ids.Length * TinyModels.Vocab];
        model.Logits(Ids, batch: 2, sequence: 4, logits);
        Assert.That(logits, Is.EqualTo(models.Expected(Ids, 4, layerNorm: true)).Within(1e-5f));
    }

    [Test]
    public void Float16LogitsAreConverted()
    {
        var b = models.Bigram();
        b.AddNode("Cast", ["logits"], ["logits_fp16"], OnnxAttribute.Int("to", (long)OnnxElementType.Float16));
        b.AddOutput("logits_fp16", OnnxElementType.Float16, "batch", "sequence", TinyModels.Vocab);
        var path = folder.File("fp16.onnx");
        b.Save(path);
        // Rename so that the fp16 output is the only one: "logits" would otherwise be preferred.
        var proto = Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        proto.Graph.Output.RemoveAt(0);
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(proto));
        using var model = new OnnxModel(path);

        Assert.That((model.LogitsOutput, model.LogitsType), Is.EqualTo(("logits_fp16", OnnxElementType.Float16)));
        var logits = new float[Ids.Length * TinyModels.Vocab];
        model.Logits(Ids, batch: 2, sequence: 4, logits);
        var expected = models.Expected(Ids, 4).Select(v => (float)(Half)v).ToArray();
        Assert.That(logits, Is.EqualTo(expected));
    }

    [Test]
    public void DynamicVocabularyIsProbed()
    {
        var b = new OnnxGraphBuilder("dynamic_vocab");
        b.AddInput("input_ids", OnnxElementType.Int64, "batch", "sequence");
        b.AddInitializer("wte", models.Embedding, TinyModels.Vocab, TinyModels.Dim);
        b.AddInitializer("w", models.Weight, TinyModels.Dim, TinyModels.Vocab);
        var x = b.AddNode("Gather", ["wte", "input_ids"], ["x"]);
        b.AddNode("MatMul", [x, "w"], ["logits"]);
        b.AddOutput("logits", OnnxElementType.Float, "batch", "sequence", "vocab");
        var path = folder.File("dynamic.onnx");
        b.Save(path);

        using var model = new OnnxModel(path);
        Assert.That(model.VocabSize, Is.EqualTo(TinyModels.Vocab));
    }

    [Test]
    public void FixedSequenceDimensionIsTheContextLength()
    {
        var path = folder.File("fixed.onnx");
        models.Bigram(sequence: 4).Save(path);
        using var model = new OnnxModel(path);

        Assert.That(model.ContextLength, Is.EqualTo(4));
        var ids = new int[5];
        var logits = new float[5 * TinyModels.Vocab];
        Assert.That(() => model.Logits(ids, 1, 5, logits),
            Throws.ArgumentException.With.Message.Contains("exceeds the context length 4"));
        Assert.That(() => model.EnsureCompatible(TinyModels.Vocab, 6),
            Throws.ArgumentException.With.Message.Contains("accepts at most 4 tokens").And.Message.Contains("6"));
        Assert.DoesNotThrow(() => model.EnsureCompatible(TinyModels.Vocab, 4));
    }

    [Test]
    public void VocabularySmallerThanTheTaskIsRefused()
    {
        var path = folder.File("bigram.onnx");
        models.Bigram().Save(path);
        using var model = new OnnxModel(path);

        Assert.That(() => model.EnsureCompatible(requiredVocab: 12, requiredContext: 3),
            Throws.ArgumentException.With.Message.Contains("vocabulary of 7").And.Message.Contains("needs 12"));
    }

    [Test]
    public void EncoderReadsTheEmbeddingVocabularyNotTheLogitCount()
    {
        // LEGO-style encoder: 7 token ids in, one logit per position out.
        var b = new OnnxGraphBuilder("encoder");
        b.AddInput("input_ids", OnnxElementType.Int32, "batch", "sequence");
        b.AddInitializer("wte", models.Embedding, TinyModels.Vocab, TinyModels.Dim);
        b.AddInitializer("w", models.Weight.AsSpan(0, TinyModels.Dim), TinyModels.Dim, 1);
        var ids64 = b.AddNode("Cast", ["input_ids"], ["ids64"], OnnxAttribute.Int("to", (long)OnnxElementType.Int64));
        var x = b.AddNode("Gather", ["wte", ids64], ["x"]);
        b.AddNode("MatMul", [x, "w"], ["logits"]);
        b.AddOutput("logits", OnnxElementType.Float, "batch", "sequence", 1);
        var path = folder.File("encoder.onnx");
        b.Save(path);
        using var model = new OnnxModel(path);

        Assert.That((model.VocabSize, model.InputVocabSize), Is.EqualTo((1, TinyModels.Vocab)));
        var logits = new float[3];
        model.Logits([6, 0, 3], 1, 3, logits);
        Assert.That(logits[0], Is.EqualTo(Enumerable.Range(0, TinyModels.Dim).Sum(d => models.Embedding[6 * TinyModels.Dim + d] * models.Weight[d])).Within(1e-5f));
        Assert.DoesNotThrow(() => model.EnsureCompatible(TinyModels.Vocab, 3, decoder: false));
        Assert.That(() => model.EnsureCompatible(TinyModels.Vocab, 3), Throws.ArgumentException.With.Message.Contains("vocabulary of 1 logits"));
        Assert.That(() => model.EnsureCompatible(8, 3, decoder: false), Throws.ArgumentException.With.Message.Contains("embedding has 7 rows"));
    }

    [Test]
    public void IdOutsideTheVocabularyIsRefusedBeforeRun()
    {
        var path = folder.File("bigram.onnx");
        models.Bigram().Save(path);
        using var model = new OnnxModel(path);

        int[] ids = [1, 7];
        var logits = new float[2 * TinyModels.Vocab];
        Assert.That(() => model.Logits(ids, 1, 2, logits),
            Throws.ArgumentException.With.Message.Contains("Token id 7 at batch 0, position 1").And.Message.Contains("[0, 7)"));
        ids[1] = -1;
        Assert.That(() => model.Logits(ids, 1, 2, logits), Throws.ArgumentException.With.Message.Contains("Token id -1"));
    }

    [Test]
    public void WrongBufferSizesAreRefused()
    {
        var path = folder.File("bigram.onnx");
        models.Bigram().Save(path);
        using var model = new OnnxModel(path);

        Assert.That(() => model.Logits(new int[3], 1, 2, new float[2 * TinyModels.Vocab]),
            Throws.ArgumentException.With.Message.Contains("ids has 3 elements"));
        Assert.That(() => model.Logits(new int[2], 1, 2, new float[5]),
            Throws.ArgumentException.With.Message.Contains("logits has 5 elements"));
    }

    [Test]
    public void NaNLogitsAreReported()
    {
        // Log of (x·W − 100) is the log of a negative number: NaN everywhere.
        var b = new OnnxGraphBuilder("nan");
        b.AddInput("input_ids", OnnxElementType.Int64, "batch", "sequence");
        b.AddInitializer("wte", models.Embedding, TinyModels.Vocab, TinyModels.Dim);
        b.AddInitializer("w", models.Weight, TinyModels.Dim, TinyModels.Vocab);
        b.AddInitializer("minus", [-100f], 1);
        var x = b.AddNode("Gather", ["wte", "input_ids"], ["x"]);
        var h = b.AddNode("MatMul", [x, "w"], ["h"]);
        var negative = b.AddNode("Add", [h, "minus"], ["negative"]);
        b.AddNode("Log", [negative], ["logits"]);
        b.AddOutput("logits", OnnxElementType.Float, "batch", "sequence", TinyModels.Vocab);
        var path = folder.File("nan.onnx");
        b.Save(path);
        using var model = new OnnxModel(path);

        Assert.That(() => model.Logits([2, 3], 1, 2, new float[2 * TinyModels.Vocab]),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("NaN logits").And.Message.Contains("nan.onnx"));
    }

    [Test]
    public void FloatInputIsNotTokenIds()
    {
        var b = new OnnxGraphBuilder("float_input");
        b.AddInput("input_ids", OnnxElementType.Float, "batch", "sequence");
        b.AddInitializer("axis", [2L], 1);
        b.AddInitializer("w", models.Weight.AsSpan(0, TinyModels.Vocab), 1, TinyModels.Vocab);
        var x = b.AddNode("Unsqueeze", ["input_ids", "axis"], ["x"]);
        b.AddNode("MatMul", [x, "w"], ["logits"]);
        b.AddOutput("logits", OnnxElementType.Float, "batch", "sequence", TinyModels.Vocab);
        var path = folder.File("float.onnx");
        b.Save(path);

        Assert.That(() => new OnnxModel(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("input 'input_ids' is Float").And.Message.Contains("integer token ids"));
    }

    [TestCase("this is a text file, not an ONNX model\n")]
    [TestCase("")]
    public void NonOnnxBytesAreRefused(string content)
    {
        var path = folder.File("notes.onnx");
        File.WriteAllText(path, content);
        Assert.That(() => new OnnxModel(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("notes.onnx").And.Message.Contains("not an ONNX model"));
    }

    [Test]
    public void TruncatedFileIsRefused()
    {
        var bytes = models.Bigram().ToBytes();
        var path = folder.File("truncated.onnx");
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        Assert.That(() => new OnnxModel(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("truncated.onnx").And.Message.Contains("truncated"));
    }

    [Test]
    public void MissingFileIsRefused()
    {
        Assert.That(() => new OnnxModel(folder.File("absent.onnx")),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("absent.onnx"));
    }

    [TestCase("../x.bin")]
    [TestCase("/etc/passwd")]
    [TestCase("sub/../../x.bin")]
    public void ExternalDataOutsideTheModelFolderIsRefused(string location)
    {
        var path = folder.File("external.onnx");
        var proto = Onnx.Proto.ModelProto.Parser.ParseFrom(models.Bigram().ToBytes());
        var weight = proto.Graph.Initializer.First(t => t.Name == "w");
        weight.RawData = Google.Protobuf.ByteString.Empty;
        weight.DataLocation = Onnx.Proto.TensorProto.Types.DataLocation.External;
        weight.ExternalData.Add(new Onnx.Proto.StringStringEntryProto { Key = "location", Value = location });
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(proto));

        Assert.That(() => new OnnxModel(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("initializer 'w'").And.Message.Contains(location).And.Message.Contains("outside the model's folder"));
    }

    [Test]
    public void ExternalDataInsideTheFolderIsDetectedAndLoads()
    {
        var path = folder.File("external.onnx");
        var proto = Onnx.Proto.ModelProto.Parser.ParseFrom(models.Bigram().ToBytes());
        var weight = proto.Graph.Initializer.First(t => t.Name == "w");
        File.WriteAllBytes(folder.File("w.bin"), weight.RawData.ToByteArray());
        weight.RawData = Google.Protobuf.ByteString.Empty;
        weight.DataLocation = Onnx.Proto.TensorProto.Types.DataLocation.External;
        weight.ExternalData.Add(new Onnx.Proto.StringStringEntryProto { Key = "location", Value = "w.bin" });
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(proto));

        using var model = new OnnxModel(path);
        Assert.That(model.File.Initializers.Single(t => t.Name == "w").ExternalLocation, Is.EqualTo("w.bin"));
        var logits = new float[Ids.Length * TinyModels.Vocab];
        model.Logits(Ids, 2, 4, logits);
        Assert.That(logits, Is.EqualTo(models.Expected(Ids, 4)).Within(1e-5f));
    }

    [Test]
    public void MetadataIsExposed()
    {
        var b = models.Bigram();
        b.SetMetadata(OnnxModel.TaskMetadataKey, """{"schema":"graphnav.task/1"}""");
        b.SetMetadata(OnnxModel.EmbeddingsMetadataKey, "wte,w");
        b.SetMetadata(OnnxModel.ContextLengthMetadataKey, "16");
        var path = folder.File("meta.onnx");
        b.Save(path);
        using var model = new OnnxModel(path);

        Assert.That(model.TaskJson, Is.EqualTo("""{"schema":"graphnav.task/1"}"""));
        Assert.That(model.Embeddings, Is.EqualTo("wte,w"));
        Assert.That(model.ContextLength, Is.EqualTo(16));
    }

    [Test]
    public void KvCacheInputsAreFedEmpty()
    {
        // The past is concatenated to nothing we use; the model must still accept a past of length 0.
        var b = models.Bigram();
        b.AddInput("past_key_values.0.key", OnnxElementType.Float, "batch", 2, "past_sequence", 3);
        b.AddInput("past_key_values.0.value", OnnxElementType.Float, "batch", 2, "past_sequence", 3);
        b.AddNode("Identity", ["past_key_values.0.key"], ["present.0.key"]);
        b.AddNode("Identity", ["past_key_values.0.value"], ["present.0.value"]);
        b.AddOutput("present.0.key", OnnxElementType.Float, "batch", 2, "past_sequence", 3);
        b.AddOutput("present.0.value", OnnxElementType.Float, "batch", 2, "past_sequence", 3);
        var path = folder.File("kv.onnx");
        b.Save(path);
        using var model = new OnnxModel(path);

        Assert.That(model.PastInputCount, Is.EqualTo(2));
        var logits = new float[Ids.Length * TinyModels.Vocab];
        model.Logits(Ids, 2, 4, logits);
        Assert.That(logits, Is.EqualTo(models.Expected(Ids, 4)).Within(1e-5f));
    }
}
