using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace GraphNav.Models.Checkpoints;

/// <summary>One float32 tensor of a safetensors file: name, row-major shape, data.</summary>
public sealed record SafeTensor(string Name, IReadOnlyList<int> Shape, ReadOnlyMemory<float> Data);

/// <summary>The contents of a safetensors file: float32 tensors in file order plus string metadata.</summary>
public sealed record SafeTensorsFile(IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The tensor called <paramref name="name"/>, or null.</summary>
    public SafeTensor? Find(string name) => Tensors.FirstOrDefault(t => t.Name == name);
}

/// <summary>
/// Reader and writer of the safetensors format (Hugging Face), float32 only: an 8-byte
/// little-endian header length N, N bytes of JSON {"name": {"dtype": "F32", "shape": [...],
/// "data_offsets": [begin, end]}, ..., "__metadata__": {string: string}} padded with spaces to a
/// multiple of 8, then the raw little-endian tensor bytes (offsets relative to the byte after the
/// header). Files open with Python's safetensors.torch.load_file.
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";

    /// <summary>
    /// Writes atomically: to "&lt;path&gt;.tmp&lt;pid&gt;" in the same folder, flushed to disk (fsync),
    /// then renamed over <paramref name="path"/>. On any failure the temp file is removed and a
    /// previous file at <paramref name="path"/> is left untouched.
    /// </summary>
    public static void Write(string path, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        byte[] header = BuildHeader(tensors, metadata);
        string full = Path.GetFullPath(path);
        string temp = TempPath(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var tensor in tensors)
                {
                    if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine.");
                    stream.Write(MemoryMarshal.AsBytes(tensor.Data.Span));
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The temporary file <see cref="Write"/> uses for <paramref name="path"/>.</summary>
    public static string TempPath(string path) => Path.GetFullPath(path) + ".tmp" + Environment.ProcessId;

    /// <summary>Largest checkpoint file read (bytes); GRAPHNAV_LIMIT_CHECKPOINT_BYTES raises it.</summary>
    internal static readonly Common.InputLimit FileBytes = new("CHECKPOINT_BYTES", 1L << 30);

    /// <summary>Most dimensions a tensor shape may have (real checkpoints use ≤ 4).</summary>
    private const int MaxRank = 16;

    /// <summary>
    /// Reads and validates a file. Throws FileNotFoundException for a missing file and
    /// InvalidDataException, naming the file, for anything else that is wrong: not a regular file
    /// (a FIFO or device is refused before it is opened), larger than <see cref="FileBytes"/>, short
    /// or truncated, a header length beyond the file, malformed JSON, <c>__metadata__</c> that is not
    /// an object of strings, a repeated tensor name, a dtype other than F32, a shape whose size
    /// overflows, or offsets that disagree with the shape or fall outside the data.
    /// </summary>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Common.InputFile.ReadAllBytes(path, "checkpoint file", FileBytes);
        if (bytes.Length < 8)
            throw Bad(path, $"file is {bytes.Length} bytes, shorter than the 8-byte header length (truncated?)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
            throw Bad(path, $"header length {headerLength} runs past the end of the {bytes.Length}-byte file (truncated or not safetensors)");
        int dataStart = 8 + (int)headerLength;
        int dataLength = bytes.Length - dataStart;
        // The JSON parser leaves invalid UTF-8 inside strings until a name is read, and then throws
        // InvalidOperationException; refuse such a header here, naming the problem.
        if (!System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(8, (int)headerLength)))
            throw Bad(path, "header is not valid UTF-8 text");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw Bad(path, $"header is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, "header is not a JSON object");
            var metadata = new Dictionary<string, string>();
            var tensors = new List<SafeTensor>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                // JSON allows a key twice; safetensors does not, and "first one wins" would hide a tensor.
                if (!names.Add(entry.Name)) throw Bad(path, $"the header names '{entry.Name}' twice");
                if (entry.Name == MetadataKey)
                {
                    if (entry.Value.ValueKind != JsonValueKind.Object)
                        throw Bad(path, $"{MetadataKey} is a JSON {entry.Value.ValueKind.ToString().ToLowerInvariant()}, expected an object of strings");
                    foreach (var m in entry.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw Bad(path, $"metadata '{m.Name}' is not a string");
                        if (!metadata.TryAdd(m.Name, m.Value.GetString()!)) throw Bad(path, $"metadata '{m.Name}' appears twice");
                    }
                    continue;
                }
                tensors.Add(ReadTensor(path, entry, bytes, dataStart, dataLength));
            }
            return new SafeTensorsFile(tensors, metadata);
        }
    }

    private static SafeTensor ReadTensor(string path, JsonProperty entry, byte[] bytes, int dataStart, int dataLength)
    {
        var e = entry.Value;
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("dtype", out var dtype) || !e.TryGetProperty("shape", out var shapeJson)
            || !e.TryGetProperty("data_offsets", out var offsets) || shapeJson.ValueKind != JsonValueKind.Array
            || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Bad(path, $"tensor '{entry.Name}' lacks dtype, shape or data_offsets [begin, end]");
        if (dtype.ValueKind != JsonValueKind.String || dtype.GetString() != "F32")
            throw Bad(path, $"tensor '{entry.Name}' has dtype {dtype}; only F32 is supported");
        if (shapeJson.GetArrayLength() > MaxRank)
            throw Bad(path, $"tensor '{entry.Name}' has {shapeJson.GetArrayLength()} dimensions, more than {MaxRank}");
        var shape = new List<int>();
        long count = 1;
        foreach (var d in shapeJson.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int size) || size < 0)
                throw Bad(path, $"tensor '{entry.Name}' has an invalid shape {shapeJson}");
            shape.Add(size);
            // The data must be in this file, so a product beyond its byte length is refused at once; count
            // stays below 2^31 before each multiplication by a size below 2^31, so the long cannot overflow.
            count = checked(count * size);
            if (count > dataLength)
                throw Bad(path, $"tensor '{entry.Name}' has shape {shapeJson.GetRawText()}, more floats than the file's {dataLength} data bytes hold");
        }
        if (offsets[0].ValueKind != JsonValueKind.Number || offsets[1].ValueKind != JsonValueKind.Number
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
            throw Bad(path, $"tensor '{entry.Name}' has non-integer data_offsets {offsets}");
        if (begin < 0 || end < begin || end - begin != count * 4)
            throw Bad(path, $"tensor '{entry.Name}' has data_offsets [{begin}, {end}] that do not match its shape [{string.Join(", ", shape)}] ({count * 4} bytes)");
        if (end > dataLength)
            throw Bad(path, $"tensor '{entry.Name}' ends at byte {end} of the data but the file holds only {dataLength} data bytes (truncated)");
        var data = new float[count];
        MemoryMarshal.Cast<byte, float>(bytes.AsSpan(dataStart + (int)begin, (int)(end - begin))).CopyTo(data);
        return new SafeTensor(entry.Name, shape, data);
    }

    private static byte[] BuildHeader(IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            var names = new HashSet<string>();
            foreach (var t in tensors)
            {
                long count = 1;
                foreach (int d in t.Shape) count *= d;
                if (count != t.Data.Length)
                    throw new ArgumentException($"tensor '{t.Name}' has shape [{string.Join(", ", t.Shape)}] ({count} floats) but {t.Data.Length} floats of data.", nameof(tensors));
                if (t.Name == MetadataKey || !names.Add(t.Name))
                    throw new ArgumentException($"tensor name '{t.Name}' is reserved or repeated.", nameof(tensors));
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + count * 4);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += count * 4;
            }
            json.WriteEndObject();
        }
        // Pad with spaces so the data starts 8-byte aligned (allowed by the format).
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        var header = new byte[padded];
        buffer.ToArray().CopyTo(header, 0);
        for (int i = (int)buffer.Length; i < padded; i++) header[i] = (byte)' ';
        return header;
    }

    private static InvalidDataException Bad(string path, string problem) =>
        new($"Checkpoint file '{path}' is not a valid safetensors file: {problem}.");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temp file.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
