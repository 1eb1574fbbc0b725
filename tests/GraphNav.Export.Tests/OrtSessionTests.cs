using GraphNav.Export.Onnx;
using GraphNav.Export.Ort;

namespace GraphNav.Export.Tests;

/// <summary>The ORT binding: library, metadata, Run validation, execution providers.</summary>
public sealed class OrtSessionTests
{
    private TempFolder folder = null!;
    private string bigram = null!;

    [SetUp]
    public void SetUp()
    {
        folder = new TempFolder();
        bigram = folder.File("bigram.onnx");
        new TinyModels(seed: 3).Bigram().Save(bigram);
    }

    [TearDown]
    public void TearDown() => folder.Dispose();

    [Test]
    public void LoadsTheBundledOnnxRuntime130()
    {
        Assert.That(OrtLibrary.Version, Is.EqualTo("1.30.0"));
        Assert.That(OrtLibrary.ApiVersion, Is.EqualTo(30u));
        var chosen = Environment.GetEnvironmentVariable(OrtLibrary.LibraryVariable);
        Assert.That(OrtLibrary.LibraryPath, string.IsNullOrWhiteSpace(chosen)
            ? Is.EqualTo(Path.Combine(AppContext.BaseDirectory, OrtLibrary.BundledFileName))
            : Is.EqualTo(Path.GetFullPath(chosen)));
        Assert.That(OrtLibrary.BuildInfo, Does.StartWith("ORT Build Info"));
        Assert.That(OrtLibrary.AvailableProviders, Does.Contain("CPUExecutionProvider"));
    }

    [Test]
    public void MetadataIsReadAtConstruction()
    {
        using var session = new OrtSession(bigram);
        Assert.That(session.Inputs, Has.Count.EqualTo(1));
        Assert.That(session.Inputs[0].Name, Is.EqualTo("input_ids"));
        Assert.That(session.Inputs[0].ElementType, Is.EqualTo(OnnxElementType.Int64));
        Assert.That(session.Inputs[0].Shape, Is.EqualTo(new long[] { -1, -1 }));
        Assert.That(session.Outputs.Single().Shape, Is.EqualTo(new long[] { -1, -1, TinyModels.Vocab }));
    }

    [Test]
    public void RunReturnsSpansOverOutputMemory()
    {
        using var session = new OrtSession(bigram, new OrtSessionSettings { IntraOpThreads = 2, OptimizationLevel = OrtOptimizationLevel.Basic });
        using var ids = OrtValue.FromMemory<long>(new long[] { 1, 2, 3 }, [1, 3]);
        var outputs = session.Run([new("input_ids", ids)], ["logits"]);
        using var logits = outputs.Single();
        var (type, shape) = logits.GetTypeAndShape();
        Assert.That(type, Is.EqualTo(OnnxElementType.Float));
        Assert.That(shape, Is.EqualTo(new long[] { 1, 3, TinyModels.Vocab }));
        Assert.That(logits.GetData<float>().Length, Is.EqualTo(3 * TinyModels.Vocab));
        Assert.That(() => logits.GetData<long>(), Throws.InvalidOperationException);
    }

    [Test]
    public void RunValidatesInputsBeforeOrt()
    {
        using var session = new OrtSession(bigram);
        using var floats = OrtValue.FromMemory<float>(new float[] { 1, 2 }, [1, 2]);
        using var rank3 = OrtValue.FromMemory<long>(new long[] { 1, 2 }, [1, 1, 2]);
        using var ids = OrtValue.FromMemory<long>(new long[] { 1, 2 }, [1, 2]);

        Assert.That(() => session.Run([new("input_ids", floats)], ["logits"]),
            Throws.ArgumentException.With.Message.Contains("'input_ids' must be Int64, got Float"));
        Assert.That(() => session.Run([new("input_ids", rank3)], ["logits"]),
            Throws.ArgumentException.With.Message.Contains("'input_ids' must have rank 2"));
        Assert.That(() => session.Run([new("tokens", ids)], ["logits"]),
            Throws.ArgumentException.With.Message.Contains("no input 'tokens'"));
        Assert.That(() => session.Run([], ["logits"]),
            Throws.ArgumentException.With.Message.Contains("input_ids").And.Message.Contains("not given"));
        Assert.That(() => session.Run([new("input_ids", ids)], ["probs"]),
            Throws.ArgumentException.With.Message.Contains("no output 'probs'"));
    }

    [Test]
    public void DisposedValueIsRefusedNotPassedToOrt()
    {
        using var session = new OrtSession(bigram);
        var ids = OrtValue.FromMemory<long>(new long[] { 1, 2 }, [1, 2]);
        ids.Dispose();
        Assert.That(() => session.Run([new("input_ids", ids)], ["logits"]), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => ids.GetData<long>(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void FixedDimensionsAreChecked()
    {
        var path = folder.File("fixed.onnx");
        new TinyModels(seed: 3).Bigram(sequence: 4).Save(path);
        using var session = new OrtSession(path);
        using var ids = OrtValue.FromMemory<long>(new long[] { 1, 2 }, [1, 2]);
        Assert.That(() => session.Run([new("input_ids", ids)], ["logits"]),
            Throws.ArgumentException.With.Message.Contains("'input_ids' dimension 1 must be 4"));
    }

    [Test]
    public void TensorShapeMustMatchTheBuffer()
    {
        Assert.That(() => OrtValue.FromMemory<long>(new long[3], [2, 2]),
            Throws.ArgumentException.With.Message.Contains("needs 4 elements but the buffer has 3"));
    }

    [Test]
    public void CudaProviderNamesTheMissingLibrary()
    {
        var settings = new OrtSessionSettings { Provider = ExecutionProvider.Cuda };
        var error = Assert.Throws<OrtException>(() => new OrtSession(bigram, settings))!;
        Assert.That(error.Message, Does.Contain("CUDA execution provider is unavailable").And.Contain("libonnxruntime_providers_cuda.so"));
        Assert.That(error.ErrorCode, Is.Not.Zero);
    }

    [Test]
    public void AutoProviderFallsBackToCpuAndSaysSo()
    {
        var warnings = new List<string>();
        var settings = new OrtSessionSettings { Provider = ExecutionProvider.Auto, Warn = warnings.Add };
        OrtSessionOptions.ResetAutoFallbackNotice();
        using var session = new OrtSession(bigram, settings);
        using var again = new OrtSession(bigram, settings);
        using var ids = OrtValue.FromMemory<long>(new long[] { 1 }, [1, 1]);
        session.Run([new("input_ids", ids)], ["logits"])[0].Dispose();
        Assert.That(warnings, Has.Count.EqualTo(1), "said once, not once per session");
        Assert.That(warnings[0], Does.Contain("CUDA is unavailable, running ONNX Runtime on CPU").And.Contain("libonnxruntime_providers_cuda.so"));
    }

    [Test]
    public void ModelOrtRefusesIsAnOrtExceptionNamingTheFile()
    {
        var b = new OnnxGraphBuilder("bad_op");
        b.AddInput("input_ids", OnnxElementType.Int64, "batch", "sequence");
        b.AddNode("NoSuchOperator", ["input_ids"], ["logits"]);
        b.AddOutput("logits", OnnxElementType.Float, "batch", "sequence", 3);
        var path = folder.File("bad_op.onnx");
        b.Save(path);
        var error = Assert.Throws<OrtException>(() => new OrtSession(path))!;
        Assert.That(error.Message, Does.Contain("bad_op.onnx").And.Contain("NoSuchOperator"));
    }
}
