using GraphNav.Export.Onnx;
using GraphNav.Export.Ort;
using Microsoft.ML.OnnxRuntime;

namespace GraphNav.Export.Tests;

/// <summary>GraphNav's session over the official ORT API: metadata, Run validation, execution providers.</summary>
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
    public void TheOfficialPackageProvidesCpuAndCuda()
    {
        // The Gpu packages' native library is compiled with both; whether CUDA loads is another matter.
        Assume.That(!OperatingSystem.IsMacOS(), "macOS gets the CPU-only package");
        var providers = OrtEnv.Instance().GetAvailableProviders();
        Assert.That(providers, Does.Contain("CPUExecutionProvider").And.Contain("CUDAExecutionProvider"));
        Assert.That(OrtEnv.Instance().GetVersionString(), Is.EqualTo("1.32.0"));
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
        using var ids = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 2, 3 }, [1, 3]);
        var outputs = session.Run(["input_ids"], [ids], ["logits"]);
        using var logits = outputs.Single();
        var (type, shape) = OrtSession.TypeAndShape(logits);
        Assert.That(type, Is.EqualTo(OnnxElementType.Float));
        Assert.That(shape, Is.EqualTo(new long[] { 1, 3, TinyModels.Vocab }));
        Assert.That(logits.GetTensorDataAsSpan<float>().Length, Is.EqualTo(3 * TinyModels.Vocab));
        Assert.That(session.ExecutionProvider, Is.EqualTo("cpu"));
    }

    [Test]
    public void RunValidatesInputsBeforeOrt()
    {
        using var session = new OrtSession(bigram);
        using var floats = OrtValue.CreateTensorValueFromMemory(new float[] { 1, 2 }, [1, 2]);
        using var rank3 = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 2 }, [1, 1, 2]);
        using var ids = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 2 }, [1, 2]);

        Assert.That(() => session.Run(["input_ids"], [floats], ["logits"]),
            Throws.ArgumentException.With.Message.Contains("'input_ids' must be Int64, got Float"));
        Assert.That(() => session.Run(["input_ids"], [rank3], ["logits"]),
            Throws.ArgumentException.With.Message.Contains("'input_ids' must have rank 2"));
        Assert.That(() => session.Run(["tokens"], [ids], ["logits"]),
            Throws.ArgumentException.With.Message.Contains("no input 'tokens'"));
        Assert.That(() => session.Run([], [], ["logits"]),
            Throws.ArgumentException.With.Message.Contains("input_ids").And.Message.Contains("not given"));
        Assert.That(() => session.Run(["input_ids"], [ids], ["probs"]),
            Throws.ArgumentException.With.Message.Contains("no output 'probs'"));
    }

    [Test]
    public void FixedDimensionsAreChecked()
    {
        var path = folder.File("fixed.onnx");
        new TinyModels(seed: 3).Bigram(sequence: 4).Save(path);
        using var session = new OrtSession(path);
        using var ids = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 2 }, [1, 2]);
        Assert.That(() => session.Run(["input_ids"], [ids], ["logits"]),
            Throws.ArgumentException.With.Message.Contains("'input_ids' dimension 1 must be 4"));
    }

    [Test]
    public void CudaOnThisMachineIsOneLineNamingTheMissingLibrary()
    {
        // No CUDA 13 runtime here: ORT cannot load its CUDA provider (GPU execution is never tested on this machine).
        var settings = new OrtSessionSettings { Device = OrtDevice.Parse("cuda") };
        var error = Assert.Throws<OrtDeviceException>(() => new OrtSession(bigram, settings))!;
        Assert.That(error.Message, Does.Not.Contain("\n"));
        Assert.That(error.Message, Does.StartWith("the CUDA execution provider is unavailable: libcublasLt.so.13 cannot be loaded")
            .And.Contain("--device cpu").And.Contain("--device auto"));
    }

    [Test]
    public void AutoFallsBackToCpuSaysSoOnceAndRecordsCpu()
    {
        var warnings = new List<string>();
        var settings = new OrtSessionSettings { Device = OrtDevice.Auto, Warn = warnings.Add };
        OrtSessionOptionsFactory.ResetAutoFallbackNotice();
        using var session = new OrtSession(bigram, settings);
        using var again = new OrtSession(bigram, settings);
        using var ids = OrtValue.CreateTensorValueFromMemory(new long[] { 1 }, [1, 1]);
        session.Run(["input_ids"], [ids], ["logits"])[0].Dispose();
        Assert.That(warnings, Has.Count.EqualTo(1), "said once, not once per session");
        Assert.That(warnings[0], Does.Contain("CUDA is unavailable, running ONNX Runtime on CPU").And.Contain("libcublasLt.so.13"));
        Assert.That(session.ExecutionProvider, Is.EqualTo("cpu"));
        Assert.That(again.ExecutionProvider, Is.EqualTo("cpu"));
    }

    [Test]
    public void TheModelContractPassesTheDeviceErrorThroughUnwrapped()
    {
        // Not "could not be opened by ONNX Runtime": the file is fine, the device is not.
        Assert.That(() => new OnnxModel(bigram, new OrtSessionSettings { Device = OrtDevice.Parse("cuda:0") }),
            Throws.InstanceOf<OrtDeviceException>().With.Message.StartsWith("the CUDA execution provider is unavailable"));
    }

    [Test]
    public void CpuSessionRecordsCpu()
    {
        using var session = new OrtSession(bigram, new OrtSessionSettings { Device = OrtDevice.Parse("CPU"), IntraOpThreads = 2 });
        Assert.That(session.ExecutionProvider, Is.EqualTo("cpu"));
    }

    [TestCase("cpu", OrtDeviceKind.Cpu, 0)]
    [TestCase("auto", OrtDeviceKind.Auto, 0)]
    [TestCase("cuda", OrtDeviceKind.Cuda, 0)]
    [TestCase("cuda:3", OrtDeviceKind.Cuda, 3)]
    public void DevicesParse(string text, OrtDeviceKind kind, int id)
    {
        var device = OrtDevice.Parse(text);
        Assert.That(device, Is.EqualTo(new OrtDevice(kind, id)));
        Assert.That(OrtDevice.Parse(device.ToString()), Is.EqualTo(device), "round trip");
    }

    [TestCase("gpu")]
    [TestCase("cuda:")]
    [TestCase("cuda:-1")]
    [TestCase("")]
    public void BadDevicesAreRefusedByName(string text) =>
        Assert.That(() => OrtDevice.Parse(text), Throws.InstanceOf<FormatException>().With.Message.Contains($"'{text}'").And.Message.Contains("auto, cpu, cuda or cuda:N"));

    [Test]
    public void ProviderOptionsAreParsedAndRefusedOnCpu()
    {
        Assert.That(OrtSessionOptionsFactory.ParseProviderOptions(" gpu_mem_limit=1024 ; cudnn_conv_algo_search=HEURISTIC "),
            Is.EquivalentTo(new Dictionary<string, string> { ["gpu_mem_limit"] = "1024", ["cudnn_conv_algo_search"] = "HEURISTIC" }));
        Assert.That(() => OrtSessionOptionsFactory.ParseProviderOptions("gpu_mem_limit"), Throws.ArgumentException.With.Message.Contains("'gpu_mem_limit' is not key=value"));
        Assert.That(() => new OrtSession(bigram, new OrtSessionSettings { ProviderOptions = "gpu_mem_limit=1" }),
            Throws.ArgumentException.With.Message.Contains("apply to the cuda provider"));
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
