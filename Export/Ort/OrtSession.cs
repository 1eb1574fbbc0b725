using GraphNav.Export.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GraphNav.Export.Ort;

/// <summary>
/// One official <see cref="InferenceSession"/> over one model file, with the checks the model
/// contract relies on: input and output metadata read once at construction; <see cref="Run"/>
/// checks names, element types and shapes before ORT sees the tensors, so a mismatch is an
/// ArgumentException naming the input, never a native error. Run is thread-safe (ORT sessions are).
/// Internal: callers outside Export go through <see cref="OnnxModel"/> and its siblings.
/// </summary>
internal sealed class OrtSession : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly Dictionary<string, int> inputIndex;
    private readonly HashSet<string> outputSet;

    /// <summary>Opens <paramref name="modelPath"/> with <paramref name="settings"/> (defaults when null).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="OrtException">ORT refused the file, or the requested provider cannot load.</exception>
    public OrtSession(string modelPath, OrtSessionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ModelPath = Path.GetFullPath(modelPath);
        if (!File.Exists(ModelPath))
        {
            throw new FileNotFoundException($"ONNX model {ModelPath} does not exist.", ModelPath);
        }
        settings ??= new OrtSessionSettings();
        var (options, provider) = OrtSessionOptionsFactory.Create(settings);
        using (options)
        {
            try
            {
                session = new InferenceSession(ModelPath, options);
            }
            catch (OnnxRuntimeException e) when (provider != "cpu" && settings.Device.Kind == OrtDeviceKind.Auto)
            {
                // The CUDA provider loaded but could not start (no GPU, driver mismatch): auto means CPU then.
                OrtSessionOptionsFactory.AnnounceFallback(settings, OneLine(e.Message));
                using var cpu = OrtSessionOptionsFactory.Create(settings with { Device = OrtDevice.Cpu, ProviderOptions = "" }).Options;
                session = Open(cpu);
                provider = "cpu";
            }
            catch (OnnxRuntimeException e) when (provider != "cpu")
            {
                runOptions.Dispose();
                throw new OrtDeviceException(
                    $"the CUDA execution provider could not start on {provider} for {ModelPath}: {OneLine(e.Message)}; use --device cpu, or --device auto to fall back to CPU.", e);
            }
            catch (OnnxRuntimeException e)
            {
                runOptions.Dispose();
                throw new OrtException($"ONNX Runtime cannot load {ModelPath}: {OneLine(e.Message)}", e);
            }
        }
        ExecutionProvider = provider;
        Inputs = session.InputNames.Select(n => Describe(n, session.InputMetadata[n])).ToList();
        Outputs = session.OutputNames.Select(n => Describe(n, session.OutputMetadata[n])).ToList();
        inputIndex = Inputs.Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        outputSet = Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Full path of the model file.</summary>
    public string ModelPath { get; }

    private InferenceSession Open(SessionOptions options)
    {
        try
        {
            return new InferenceSession(ModelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            runOptions.Dispose();
            throw new OrtException($"ONNX Runtime cannot load {ModelPath}: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>The provider the session was opened with: "cpu" or "cuda:N".</summary>
    public string ExecutionProvider { get; }

    /// <summary>Graph inputs in ORT's order (initializers are not listed).</summary>
    public IReadOnlyList<OrtTensorInfo> Inputs { get; }

    /// <summary>Graph outputs in ORT's order.</summary>
    public IReadOnlyList<OrtTensorInfo> Outputs { get; }

    /// <summary>
    /// Runs the model. Every graph input must be given exactly once; <paramref name="outputNames"/>
    /// picks the outputs (in that order). The caller disposes the returned values.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown, missing or duplicate input, wrong element type or shape.</exception>
    /// <exception cref="OrtException">ORT failed while running.</exception>
    public OrtValue[] Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputValues, IReadOnlyList<string> outputNames)
    {
        CheckRun(inputNames, inputValues, outputNames);
        try
        {
            // The list is not disposed: its Dispose would release the values handed to the caller.
            return session.Run(runOptions, inputNames, inputValues, outputNames).ToArray();
        }
        catch (OnnxRuntimeException e)
        {
            throw new OrtException($"ONNX Runtime failed running {Path.GetFileName(ModelPath)}: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// Runs the model writing into caller-allocated <paramref name="outputValues"/> (same order as
    /// <paramref name="outputNames"/>), which saves ORT's allocation and the copy out of it.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Run(IReadOnlyList{string}, IReadOnlyList{OrtValue}, IReadOnlyList{string})"/>.</exception>
    /// <exception cref="OrtException">ORT failed, e.g. the output buffer has the wrong shape.</exception>
    public void Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputValues, IReadOnlyList<string> outputNames, IReadOnlyList<OrtValue> outputValues)
    {
        CheckRun(inputNames, inputValues, outputNames);
        ArgumentNullException.ThrowIfNull(outputValues);
        if (outputValues.Count != outputNames.Count)
            throw new ArgumentException($"{outputNames.Count} output names but {outputValues.Count} output buffers.", nameof(outputValues));
        try
        {
            session.Run(runOptions, inputNames, inputValues, outputNames, outputValues);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OrtException($"ONNX Runtime failed running {Path.GetFileName(ModelPath)}: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Releases the session.</summary>
    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }

    private void CheckRun(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputValues, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(inputValues);
        ArgumentNullException.ThrowIfNull(outputNames);
        if (inputNames.Count != inputValues.Count)
            throw new ArgumentException($"{inputNames.Count} input names but {inputValues.Count} values.", nameof(inputValues));
        var seen = new bool[Inputs.Count];
        for (var i = 0; i < inputNames.Count; i++)
        {
            var (name, value) = (inputNames[i], inputValues[i]);
            ArgumentNullException.ThrowIfNull(value, name);
            if (!inputIndex.TryGetValue(name, out var k))
            {
                throw new ArgumentException(
                    $"{Path.GetFileName(ModelPath)} has no input '{name}'; its inputs are {string.Join(", ", Inputs)}.", nameof(inputNames));
            }
            if (seen[k])
            {
                throw new ArgumentException($"Input '{name}' is given twice.", nameof(inputNames));
            }
            seen[k] = true;
            CheckAgainst(Inputs[k], value);
        }
        for (var k = 0; k < seen.Length; k++)
        {
            if (!seen[k])
            {
                throw new ArgumentException($"Input '{Inputs[k]}' of {Path.GetFileName(ModelPath)} is not given.", nameof(inputNames));
            }
        }
        foreach (var output in outputNames)
        {
            if (!outputSet.Contains(output))
            {
                throw new ArgumentException(
                    $"{Path.GetFileName(ModelPath)} has no output '{output}'; its outputs are {string.Join(", ", Outputs)}.", nameof(outputNames));
            }
        }
    }

    private static void CheckAgainst(OrtTensorInfo expected, OrtValue value)
    {
        var (type, shape) = TypeAndShape(value);
        if (type != expected.ElementType)
        {
            throw new ArgumentException($"Input '{expected.Name}' must be {expected.ElementType}, got {type}.");
        }
        if (shape.Length != expected.Shape.Count)
        {
            throw new ArgumentException(
                $"Input '{expected.Name}' must have rank {expected.Shape.Count} ({expected}), got shape [{string.Join(", ", shape)}].");
        }
        for (var d = 0; d < shape.Length; d++)
        {
            if (expected.Shape[d] >= 0 && expected.Shape[d] != shape[d])
            {
                throw new ArgumentException(
                    $"Input '{expected.Name}' dimension {d} must be {expected.Shape[d]} ({expected}), got shape [{string.Join(", ", shape)}].");
            }
        }
    }

    /// <summary>Element type (as ONNX numbers it) and shape of a tensor value.</summary>
    internal static (OnnxElementType ElementType, long[] Shape) TypeAndShape(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        return ((OnnxElementType)(int)info.ElementDataType, info.Shape);
    }

    private static OrtTensorInfo Describe(string name, NodeMetadata metadata) =>
        metadata.IsTensor
            ? new OrtTensorInfo(name, (OnnxElementType)(int)metadata.ElementDataType, metadata.Dimensions.Select(d => (long)d).ToArray())
            // A sequence or map: not a tensor. Recorded as Undefined so callers can refuse it by name.
            : new OrtTensorInfo(name, OnnxElementType.Undefined, []);

    private static string OneLine(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>ORT's element type for an ONNX one (the enums share ONNX's numbering).</summary>
    internal static TensorElementType ToOrt(OnnxElementType type) => (TensorElementType)(int)type;
}
