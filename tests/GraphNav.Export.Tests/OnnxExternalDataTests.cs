using GraphNav.TestSupport;
using Google.Protobuf;
using GraphNav.Export.Onnx.Proto;

namespace GraphNav.Export.Tests;

/// <summary>
/// External data that would make ONNX Runtime read outside the model's folder is refused before
/// ORT sees the file, wherever the tensor sits; so are model and data files that are not regular
/// files, or larger than the limit.
/// </summary>
public sealed class OnnxExternalDataTests
{
    private readonly TinyModels models = new(seed: 5);
    private TempFolder folder = null!;
    private TempFolder outside = null!;

    [SetUp]
    public void SetUp()
    {
        folder = new TempFolder();
        outside = new TempFolder();
    }

    [TearDown]
    public void TearDown()
    {
        folder.Dispose();
        outside.Dispose();
    }

    [Test]
    public void ALinkInsideTheFolderToAFileOutsideIsRefused()
    {
        var (proto, weight) = BigramWithExternalWeight("w.bin");
        File.WriteAllBytes(outside.File("w.bin"), weight);
        File.CreateSymbolicLink(folder.File("w.bin"), outside.File("w.bin"));
        var path = Save(proto);
        Assert.That(() => new OnnxModel(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("initializer 'w'").And.Message.Contains("a link to").And.Message.Contains("outside the model's folder"));
    }

    [Test]
    public void ALinkedFolderLeadingOutsideIsRefused()
    {
        var (proto, weight) = BigramWithExternalWeight("sub/w.bin");
        File.WriteAllBytes(outside.File("w.bin"), weight);
        Directory.CreateSymbolicLink(folder.File("sub"), outside.Path);
        var path = Save(proto);
        Assert.That(() => new OnnxModel(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("'sub/w.bin'").And.Message.Contains("outside the model's folder"));
    }

    [Test]
    public void ALinkThatStaysInsideTheFolderLoads()
    {
        var (proto, weight) = BigramWithExternalWeight("w.bin");
        Directory.CreateDirectory(folder.File("data"));
        File.WriteAllBytes(folder.File("data/real.bin"), weight);
        File.CreateSymbolicLink(folder.File("w.bin"), folder.File("data/real.bin"));
        using var model = new OnnxModel(Save(proto));
        int[] ids = [1, 2, 3];
        var logits = new float[ids.Length * TinyModels.Vocab];
        model.Logits(ids, 1, 3, logits);
        Assert.That(logits, Is.EqualTo(models.Expected(ids, 3)).Within(1e-5f));
    }

    [Test]
    public void AConstantNodesTensorIsChecked()
    {
        var proto = Bigram();
        proto.Graph.Node.Add(new NodeProto
        {
            OpType = "Constant",
            Name = "c",
            Output = { "c_out" },
            Attribute = { new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = External("c", "../c.bin") } },
        });
        Assert.That(() => new OnnxModel(Save(proto)), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("attribute 'value' of node Constant 'c'").And.Message.Contains("'../c.bin'"));
    }

    [Test]
    public void ASubgraphsInitializerIsChecked()
    {
        var proto = Bigram();
        var branch = new GraphProto { Name = "then", Initializer = { External("t", "/etc/passwd") } };
        proto.Graph.Node.Add(new NodeProto
        {
            OpType = "If",
            Name = "branch",
            Input = { "cond" },
            Output = { "if_out" },
            Attribute = { new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = branch } },
        });
        Assert.That(() => new OnnxModel(Save(proto)), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("initializer 't' (subgraph 'then_branch' of node If 'branch')").And.Message.Contains("/etc/passwd"));
    }

    [Test]
    public void ASparseInitializerIsChecked()
    {
        var proto = Bigram();
        proto.Graph.SparseInitializer.Add(new SparseTensorProto
        {
            Values = External("s", "../../s.bin"),
            Indices = new TensorProto { Name = "s_idx", DataType = (int)TensorProto.Types.DataType.Int64, Dims = { 1 }, Int64Data = { 0 } },
            Dims = { 4 },
        });
        Assert.That(() => new OnnxModel(Save(proto)), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("sparse initializer 's'").And.Message.Contains("values").And.Message.Contains("outside the model's folder"));
    }

    [Test]
    public void AFunctionsNodesAreChecked()
    {
        var proto = Bigram();
        proto.Functions.Add(new FunctionProto
        {
            Name = "helper",
            Domain = "local",
            Node =
            {
                new NodeProto
                {
                    OpType = "Constant",
                    Output = { "k" },
                    Attribute = { new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = External("k", "/dev/zero") } },
                },
            },
        });
        Assert.That(() => new OnnxModel(Save(proto)), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("function 'helper'").And.Message.Contains("/dev/zero"));
    }

    [Test]
    public void ExternalDataThatIsAFifoIsRefusedWithoutBlocking()
    {
        var (proto, _) = BigramWithExternalWeight("w.bin");
        MakeFifo(folder.File("w.bin"));
        Assert.That(() => new OnnxModel(Save(proto)), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("external data").And.Message.Contains("FIFO"));
    }

    [Test]
    public void AModelThatIsAFifoIsRefusedWithoutBlocking()
    {
        var path = folder.File("pipe.onnx");
        MakeFifo(path);
        Assert.That(() => new OnnxModel(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("pipe.onnx").And.Message.Contains("FIFO (named pipe), not a regular file"));
    }

    [Test]
    public void DevZeroIsRefusedBeforeReading()
    {
        Assume.That(File.Exists("/dev/zero"), "a Unix device");
        Assert.That(() => new OnnxModel("/dev/zero"), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("'/dev/zero' is a character device, not a regular file"));
    }

    [Test]
    public void AFileOverTheLimitIsRefusedNamingTheOverride()
    {
        var path = Save(Bigram());
        var before = Environment.GetEnvironmentVariable("GRAPHNAV_LIMIT_ONNX_BYTES");
        Environment.SetEnvironmentVariable("GRAPHNAV_LIMIT_ONNX_BYTES", "100");
        try
        {
            Assert.That(() => new OnnxModel(path), Throws.InstanceOf<InvalidDataException>()
                .With.Message.Contains("exceeds the limit 100 (set GRAPHNAV_LIMIT_ONNX_BYTES to allow more)"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("GRAPHNAV_LIMIT_ONNX_BYTES", before);
        }
    }

    private ModelProto Bigram() => ModelProto.Parser.ParseFrom(models.Bigram().ToBytes());

    /// <summary>The bigram with its weight "w" moved to <paramref name="location"/>; returns the weight's bytes.</summary>
    private (ModelProto Proto, byte[] Weight) BigramWithExternalWeight(string location)
    {
        var proto = Bigram();
        var weight = proto.Graph.Initializer.First(t => t.Name == "w");
        var bytes = weight.RawData.ToByteArray();
        weight.RawData = ByteString.Empty;
        weight.DataLocation = TensorProto.Types.DataLocation.External;
        weight.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        return (proto, bytes);
    }

    private static TensorProto External(string name, string location) => new()
    {
        Name = name,
        DataType = (int)TensorProto.Types.DataType.Float,
        Dims = { 4 },
        DataLocation = TensorProto.Types.DataLocation.External,
        ExternalData = { new StringStringEntryProto { Key = "location", Value = location } },
    };

    private static void MakeFifo(string path)
    {
        Assume.That(!OperatingSystem.IsWindows(), "FIFOs are a Unix thing");
        Assert.That(NamedPipes.TryCreate(path), Is.True, "mkfifo");
    }

    private string Save(ModelProto proto)
    {
        var path = folder.File("model.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
        return path;
    }
}
