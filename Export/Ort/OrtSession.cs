using System.Runtime.InteropServices;
using GraphNav.Export.Onnx;

namespace GraphNav.Export.Ort;

/// <summary>
/// Owns an OrtSession over one model file. Input and output metadata are read once at
/// construction; <see cref="Run"/> checks names, element types and shapes against them before
/// ORT sees the tensors, so a mismatch is an ArgumentException naming the input, never a crash.
/// Run is thread-safe (ORT sessions are).
/// </summary>
public sealed class OrtSession : SafeHandle
{
    private readonly Dictionary<string, int> inputIndex;
    private readonly Dictionary<string, int> outputIndex;
    private readonly nint[] inputNamePointers;
    private readonly nint[] outputNamePointers;

    /// <summary>Opens <paramref name="modelPath"/> with <paramref name="settings"/> (defaults when null).</summary>
    public unsafe OrtSession(string modelPath, OrtSessionSettings? settings = null) : base(0, ownsHandle: true)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ModelPath = Path.GetFullPath(modelPath);
        if (!File.Exists(ModelPath))
        {
            throw new FileNotFoundException($"ONNX model {ModelPath} does not exist.", ModelPath);
        }
        var api = OrtLibrary.Api;
        using var options = new OrtSessionOptions(settings ?? new OrtSessionSettings());
        nint raw;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                fixed (char* path = ModelPath + "\0")
                {
                    api.Check(api.CreateSession(OrtEnvironment.Instance.DangerousGetHandle(), path, options.DangerousGetHandle(), &raw));
                }
            }
            else
            {
                fixed (byte* path = OrtSessionOptions.Utf8Z(ModelPath))
                {
                    api.Check(api.CreateSession(OrtEnvironment.Instance.DangerousGetHandle(), path, options.DangerousGetHandle(), &raw));
                }
            }
        }
        catch (OrtException e)
        {
            throw new OrtException(e.ErrorCode, $"ONNX Runtime cannot load {ModelPath}: {e.Message}");
        }
        SetHandle(raw);

        Inputs = ReadMetadata(isInput: true);
        Outputs = ReadMetadata(isInput: false);
        inputIndex = Inputs.Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i);
        outputIndex = Outputs.Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i);
        inputNamePointers = Inputs.Select(t => Marshal.StringToCoTaskMemUTF8(t.Name)).ToArray();
        outputNamePointers = Outputs.Select(t => Marshal.StringToCoTaskMemUTF8(t.Name)).ToArray();
    }

    /// <summary>Full path of the model file.</summary>
    public string ModelPath { get; }

    /// <summary>Graph inputs in ORT's order (initializers are not listed).</summary>
    public IReadOnlyList<OrtTensorInfo> Inputs { get; }

    /// <summary>Graph outputs in ORT's order.</summary>
    public IReadOnlyList<OrtTensorInfo> Outputs { get; }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>
    /// Runs the model. Every graph input must be given exactly once; <paramref name="outputNames"/>
    /// picks the outputs (in that order). The caller disposes the returned values.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown, missing or duplicate input, wrong element type or shape.</exception>
    /// <exception cref="OrtException">ORT failed while running.</exception>
    public unsafe OrtValue[] Run(IReadOnlyList<KeyValuePair<string, OrtValue>> inputs, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var inNames = new nint[inputs.Count];
        var inValues = new nint[inputs.Count];
        var seen = new bool[Inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var (name, value) = (inputs[i].Key, inputs[i].Value);
            ArgumentNullException.ThrowIfNull(value, name);
            // A released value handed to ORT would be a use-after-free, i.e. a native crash.
            ObjectDisposedException.ThrowIf(value.IsClosed, value);
            if (!inputIndex.TryGetValue(name, out var k))
            {
                throw new ArgumentException(
                    $"{Path.GetFileName(ModelPath)} has no input '{name}'; its inputs are {string.Join(", ", Inputs)}.", nameof(inputs));
            }
            if (seen[k])
            {
                throw new ArgumentException($"Input '{name}' is given twice.", nameof(inputs));
            }
            seen[k] = true;
            CheckAgainst(Inputs[k], value);
            inNames[i] = inputNamePointers[k];
            inValues[i] = value.DangerousGetHandle();
        }
        for (var k = 0; k < seen.Length; k++)
        {
            if (!seen[k])
            {
                throw new ArgumentException($"Input '{Inputs[k]}' of {Path.GetFileName(ModelPath)} is not given.", nameof(inputs));
            }
        }
        var outNames = new nint[outputNames.Count];
        for (var i = 0; i < outNames.Length; i++)
        {
            if (!outputIndex.TryGetValue(outputNames[i], out var k))
            {
                throw new ArgumentException(
                    $"{Path.GetFileName(ModelPath)} has no output '{outputNames[i]}'; its outputs are {string.Join(", ", Outputs)}.", nameof(outputNames));
            }
            outNames[i] = outputNamePointers[k];
        }

        var outValues = new nint[outNames.Length];
        var api = OrtLibrary.Api;
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            fixed (nint* pInNames = inNames, pInValues = inValues, pOutNames = outNames, pOutValues = outValues)
            {
                api.Check(api.Run(handle, 0, pInNames, pInValues, (nuint)inValues.Length, pOutNames, (nuint)outNames.Length, pOutValues));
            }
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
            GC.KeepAlive(inputs);
        }
        return outValues.Select(OrtValue.FromNative).ToArray();
    }

    private static void CheckAgainst(OrtTensorInfo expected, OrtValue value)
    {
        var (type, shape) = value.GetTypeAndShape();
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

    private unsafe List<OrtTensorInfo> ReadMetadata(bool isInput)
    {
        var api = OrtLibrary.Api;
        nuint count;
        api.Check(isInput ? api.SessionGetInputCount(handle, &count) : api.SessionGetOutputCount(handle, &count));
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator));
        var list = new List<OrtTensorInfo>();
        for (nuint i = 0; i < count; i++)
        {
            byte* rawName;
            api.Check(isInput ? api.SessionGetInputName(handle, i, allocator, &rawName) : api.SessionGetOutputName(handle, i, allocator, &rawName));
            string name;
            try
            {
                name = Marshal.PtrToStringUTF8((nint)rawName) ?? "";
            }
            finally
            {
                api.Check(api.AllocatorFree(allocator, rawName));
            }

            nint typeInfo;
            api.Check(isInput ? api.SessionGetInputTypeInfo(handle, i, &typeInfo) : api.SessionGetOutputTypeInfo(handle, i, &typeInfo));
            try
            {
                nint tensorInfo;
                api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
                if (tensorInfo == 0)
                {
                    // A sequence or map: not a tensor. Recorded as Undefined so callers can refuse it by name.
                    list.Add(new OrtTensorInfo(name, OnnxElementType.Undefined, []));
                    continue;
                }
                var (type, shape) = ReadTensorInfo(tensorInfo);
                list.Add(new OrtTensorInfo(name, type, shape));
            }
            finally
            {
                api.ReleaseTypeInfo(typeInfo);
            }
        }
        return list;
    }

    /// <summary>Element type and dimensions from an OrtTensorTypeAndShapeInfo (not released here).</summary>
    internal static unsafe (OnnxElementType, long[]) ReadTensorInfo(nint info)
    {
        var api = OrtLibrary.Api;
        int type;
        api.Check(api.GetTensorElementType(info, &type));
        nuint rank;
        api.Check(api.GetDimensionsCount(info, &rank));
        var dims = new long[(int)rank];
        fixed (long* p = dims)
        {
            api.Check(api.GetDimensions(info, p, rank));
        }
        return ((OnnxElementType)type, dims);
    }

    /// <inheritdoc />
    protected override unsafe bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseSession(handle);
        foreach (var p in inputNamePointers ?? [])
        {
            Marshal.FreeCoTaskMem(p);
        }
        foreach (var p in outputNamePointers ?? [])
        {
            Marshal.FreeCoTaskMem(p);
        }
        return true;
    }
}
