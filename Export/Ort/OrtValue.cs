using System.Buffers;
using System.Runtime.InteropServices;
using GraphNav.Export.Onnx;

namespace GraphNav.Export.Ort;

/// <summary>
/// Owns an OrtValue holding a tensor. Either a view over pinned managed memory (created by
/// <see cref="FromMemory{T}"/>; the pin lasts as long as the value) or a tensor ORT allocated as a
/// Run output. Spans from <see cref="GetData{T}"/> are valid only while the value is alive.
/// </summary>
public sealed class OrtValue : SafeHandle
{
    private MemoryHandle pin;

    private OrtValue() : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>Wraps an owned native OrtValue (a Run output).</summary>
    internal static OrtValue FromNative(nint raw)
    {
        var value = new OrtValue();
        value.SetHandle(raw);
        return value;
    }

    /// <summary>
    /// A tensor of <paramref name="shape"/> over <paramref name="memory"/> without copying. The memory is
    /// pinned until the value is disposed; its length must equal the product of the shape.
    /// </summary>
    public static unsafe OrtValue FromMemory<T>(Memory<T> memory, ReadOnlySpan<long> shape) where T : unmanaged
    {
        var type = ElementTypeOf<T>();
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Tensor shape [{string.Join(", ", shape.ToArray())}] has a negative dimension.", nameof(shape));
            }
            count *= d;
        }
        if (count != memory.Length)
        {
            throw new ArgumentException(
                $"Tensor shape [{string.Join(", ", shape.ToArray())}] needs {count} elements but the buffer has {memory.Length}.", nameof(memory));
        }

        var value = new OrtValue();
        var api = OrtLibrary.Api;
        value.pin = memory.Pin();
        var ok = false;
        try
        {
            // ORT wants a non-null pointer even for an empty tensor (a past KV cache of length 0).
            T dummy = default;
            var data = memory.Length == 0 ? &dummy : value.pin.Pointer;
            nint raw;
            fixed (long* dims = shape)
            {
                api.Check(api.CreateTensorWithDataAsOrtValue(
                    OrtMemoryInfo.Cpu.DangerousGetHandle(), data, (nuint)(memory.Length * sizeof(T)),
                    dims, (nuint)shape.Length, (int)type, &raw));
            }
            value.SetHandle(raw);
            ok = true;
            return value;
        }
        finally
        {
            if (!ok)
            {
                value.pin.Dispose();
            }
        }
    }

    /// <summary>Element type and shape of the tensor.</summary>
    public unsafe (OnnxElementType ElementType, long[] Shape) GetTypeAndShape()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var api = OrtLibrary.Api;
        nint info;
        api.Check(api.GetTensorTypeAndShape(handle, &info));
        try
        {
            return OrtSession.ReadTensorInfo(info);
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    /// <summary>The tensor's elements in place (row-major). Throws if T does not match the element type.</summary>
    public unsafe Span<T> GetData<T>() where T : unmanaged
    {
        var (type, shape) = GetTypeAndShape();
        if (type != ElementTypeOf<T>())
        {
            throw new InvalidOperationException($"The tensor holds {type}, not {typeof(T).Name}.");
        }
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
        }
        var api = OrtLibrary.Api;
        void* data;
        api.Check(api.GetTensorMutableData(handle, &data));
        return new Span<T>(data, checked((int)count));
    }

    /// <summary>The ONNX element type that a managed element type maps to.</summary>
    public static OnnxElementType ElementTypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? OnnxElementType.Float
        : typeof(T) == typeof(long) ? OnnxElementType.Int64
        : typeof(T) == typeof(int) ? OnnxElementType.Int32
        : typeof(T) == typeof(Half) ? OnnxElementType.Float16
        : typeof(T) == typeof(bool) ? OnnxElementType.Bool
        : typeof(T) == typeof(double) ? OnnxElementType.Double
        : throw new NotSupportedException($"Tensors of {typeof(T).Name} are not supported.");

    /// <inheritdoc />
    protected override unsafe bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseValue(handle);
        pin.Dispose();
        return true;
    }
}
