using GraphNav.Export.Onnx;

namespace GraphNav.Export.Tests;

/// <summary>The graph builder and the file reader.</summary>
public sealed class OnnxGraphBuilderTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void SetUp() => folder = new TempFolder();

    [TearDown]
    public void TearDown() => folder.Dispose();

    [Test]
    public void SavedModelReadsBack()
    {
        var b = new TinyModels(seed: 1).Bigram(withMaskAndPositions: true);
        b.SetMetadata("graphnav.task", "first");
        b.SetMetadata("graphnav.task", "second");
        var path = folder.File("sub/model.onnx");
        b.Save(path);

        var file = OnnxFile.Read(path);
        Assert.That(file.ProducerName, Is.EqualTo("graphnav"));
        Assert.That(file.IrVersion, Is.EqualTo(8));
        Assert.That(file.Opsets[""], Is.EqualTo(17));
        Assert.That(file.Inputs.Select(i => i.ToString()), Is.EqualTo(new[]
        {
            "input_ids: Int64[batch, sequence]",
            "attention_mask: Int64[batch, sequence]",
            "position_ids: Int64[batch, sequence]",
        }));
        Assert.That(file.Outputs.Single().ToString(), Is.EqualTo($"logits: Float[batch, sequence, {TinyModels.Vocab}]"));
        Assert.That(file.Metadata["graphnav.task"], Is.EqualTo("second"));
        Assert.That(file.Initializers.Single(t => t.Name == "wte").Dims, Is.EqualTo(new long[] { TinyModels.Vocab, TinyModels.Dim }));
        Assert.That(file.ReadFloats("wte"), Is.EqualTo(new TinyModels(seed: 1).Embedding));
        Assert.That(Directory.GetFiles(folder.File("sub")), Has.Length.EqualTo(1), "no temporary file is left behind");
    }

    [Test]
    public void SaveReplacesAnExistingFile()
    {
        var path = folder.File("model.onnx");
        File.WriteAllText(path, "old");
        new TinyModels(seed: 1).Bigram().Save(path);
        Assert.That(OnnxFile.Read(path).NodeCount, Is.EqualTo(3));
    }

    [Test]
    public void DuplicateNamesAndBadShapesAreRefused()
    {
        var b = new OnnxGraphBuilder("g");
        b.AddInitializer("w", [1f, 2f], 2);
        Assert.That(() => b.AddInitializer("w", [1f], 1), Throws.ArgumentException.With.Message.Contains("'w'"));
        Assert.That(() => b.AddInitializer("v", [1f, 2f, 3f], 2, 2), Throws.ArgumentException.With.Message.Contains("needs 4"));
        Assert.That(() => b.AddNode("Relu", ["w"], ["w"]), Throws.ArgumentException.With.Message.Contains("'w'"));
        Assert.That(() => b.AddNode("Relu", ["w"], []), Throws.ArgumentException);
    }

    [Test]
    public void DimsConvertFromIntsAndNames()
    {
        OnnxDim fixedDim = 5;
        OnnxDim named = "batch";
        Assert.That((fixedDim.Size, fixedDim.IsDynamic), Is.EqualTo((5L, false)));
        Assert.That((named.Name, named.IsDynamic), Is.EqualTo(("batch", true)));
        Assert.That(() => OnnxDim.Fixed(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
