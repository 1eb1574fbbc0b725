using System.Globalization;
using GraphNav.Export.Onnx;
using GraphNav.Export.Ort;
using GraphNav.Models;
using Microsoft.ML.OnnxRuntime;

namespace GraphNav.Export;

/// <summary>
/// The model contract over an ONNX file run by ONNX Runtime (docs/DESIGN.md, "ONNX I/O contract").
/// Accepts decoders and encoders with an integer <c>input_ids</c> [batch, sequence] (int64 or
/// int32), optional <c>attention_mask</c> and <c>position_ids</c> (filled with ones and 0..T−1),
/// optional <c>past_key_values.{i}.key/value</c> (fed empty: past length 0) and a merged decoder's
/// <c>use_cache_branch</c> (fed false), and a float32 or float16 <c>logits</c> output
/// [batch, sequence, vocab] (the first output when none is so named). A static batch is run in
/// chunks of its size; a static sequence length must match what is fed.
/// Bad files and bad calls get one clear exception naming the file; never a native crash.
/// </summary>
public sealed class OnnxModel : ITokenModel, IDisposable
{
    /// <summary>metadata_props key: the task file (graphnav.task/1 JSON) the model was trained on.</summary>
    public const string TaskMetadataKey = "graphnav.task";

    /// <summary>metadata_props key: names of the initializers holding the token embedding and value projection.</summary>
    public const string EmbeddingsMetadataKey = "graphnav.embeddings";

    /// <summary>metadata_props key: the longest sequence the model was built for (decimal integer).</summary>
    public const string ContextLengthMetadataKey = "graphnav.context_length";

    private const string IdsName = "input_ids";
    private const string MaskName = "attention_mask";
    private const string PositionsName = "position_ids";
    private const string PastPrefix = "past_key_values.";
    private const string UseCacheBranchName = "use_cache_branch";

    private readonly List<OrtTensorInfo> pastInputs = [];
    private readonly string[] outputNames;
    private readonly OnnxInputBuffers inputBuffers = new();

    /// <summary>Opens and checks <paramref name="path"/>; see the class remarks for what is accepted.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not ONNX, truncated, unsafe external data, or an unsupported signature.</exception>
    public OnnxModel(string path, OrtSessionSettings? settings = null)
    {
        File = OnnxFile.Read(path);
        Path = File.Path;
        try
        {
            Session = new OrtSession(Path, settings);
        }
        catch (OrtException e) when (e is not OrtDeviceException)
        {
            throw new InvalidDataException($"{Path} could not be opened by ONNX Runtime: {e.Message}", e);
        }
        try
        {
            var ids = DetectInputs();
            IdsInput = ids.Name;
            IdType = ids.ElementType;
            var logits = DetectLogits();
            LogitsOutput = logits.Name;
            LogitsType = logits.ElementType;
            outputNames = [LogitsOutput];
            VocabSize = logits.Shape[2] > 0 ? checked((int)logits.Shape[2]) : ProbeVocabulary();
            ContextLength = DetectContext(ids);
            InputVocabSize = File.FindTokenEmbeddingRows(IdsInput) ?? VocabSize;
        }
        catch
        {
            Session.Dispose();
            throw;
        }
    }

    /// <summary>Full path of the model file.</summary>
    public string Path { get; }

    /// <summary>What the file declares (inputs, outputs, initializers, metadata).</summary>
    public OnnxFile File { get; }

    /// <summary>The ORT session; private to Export (others use <see cref="RunOutput"/>).</summary>
    internal OrtSession Session { get; }

    /// <summary>Graph inputs as ORT reports them (name, element type, shape with −1 for dynamic axes).</summary>
    public IReadOnlyList<OrtTensorInfo> Inputs => Session.Inputs;

    /// <summary>Graph outputs as ORT reports them.</summary>
    public IReadOnlyList<OrtTensorInfo> Outputs => Session.Outputs;

    /// <summary>The execution provider the session runs on: "cpu" or "cuda:N" (after an auto fallback, "cpu").</summary>
    public string ExecutionProvider => Session.ExecutionProvider;

    /// <inheritdoc />
    public int VocabSize { get; }

    /// <inheritdoc />
    public int? ContextLength { get; }

    /// <summary>
    /// Token ids the model can read: the rows of the embedding table input_ids indexes, or
    /// <see cref="VocabSize"/> when no such table is found. Differs from VocabSize for encoders
    /// (LEGO: logits [batch, sequence, 1]) and for decoders whose embedding and head sizes differ.
    /// </summary>
    public int InputVocabSize { get; }

    /// <summary>Name of the token-id input (normally input_ids).</summary>
    public string IdsInput { get; }

    /// <summary>Int64 or Int32.</summary>
    public OnnxElementType IdType { get; }

    /// <summary>True when the model takes an attention_mask (fed all ones).</summary>
    public bool HasAttentionMask { get; private set; }

    /// <summary>True when the model takes position_ids (fed 0..T−1).</summary>
    public bool HasPositionIds { get; private set; }

    /// <summary>True when the model takes a Hugging Face merged decoder's <c>use_cache_branch</c> (fed false: no past).</summary>
    public bool HasUseCacheBranch { get; private set; }

    /// <summary>The batch size the file fixes (e.g. 1 for a static-batch export), or null when the batch axis is dynamic.
    /// Larger batches are run in chunks of this size.</summary>
    public int? FixedBatch { get; private set; }

    /// <summary>The sequence length the file fixes (also its <see cref="ContextLength"/>), or null when the axis is dynamic.</summary>
    public int? FixedSequence { get; private set; }

    /// <summary>Number of past_key_values.* inputs (a KV cache; fed with past length 0).</summary>
    public int PastInputCount => pastInputs.Count;

    /// <summary>Name of the output read as logits.</summary>
    public string LogitsOutput { get; }

    /// <summary>Float or Float16.</summary>
    public OnnxElementType LogitsType { get; }

    /// <summary>The task file JSON in metadata_props ("graphnav.task"), or null.</summary>
    public string? TaskJson => File.Metadata.GetValueOrDefault(TaskMetadataKey);

    /// <summary>The "graphnav.embeddings" metadata value, or null when the model does not name them.</summary>
    public string? Embeddings => File.Metadata.GetValueOrDefault(EmbeddingsMetadataKey);

    /// <summary>
    /// Throws unless the model can serve a task whose largest token id is <paramref name="requiredVocab"/> − 1
    /// and whose sequences are up to <paramref name="requiredContext"/> tokens long. A decoder
    /// (<paramref name="decoder"/> true) must also give a logit for every task token; an encoder only has
    /// to read them.
    /// </summary>
    /// <exception cref="ArgumentException">Vocabulary or fixed context too small (the message says which).</exception>
    public void EnsureCompatible(int requiredVocab, int requiredContext, bool decoder = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requiredVocab, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(requiredContext, 1);
        if (decoder && VocabSize < requiredVocab)
        {
            throw new ArgumentException(
                $"{Path} has a vocabulary of {VocabSize} logits but the task needs {requiredVocab} (token ids 0..{requiredVocab - 1}).");
        }
        if (InputVocabSize < requiredVocab)
        {
            throw new ArgumentException(
                $"{Path} reads token ids 0..{InputVocabSize - 1} (its embedding has {InputVocabSize} rows) but the task needs {requiredVocab} (token ids 0..{requiredVocab - 1}).");
        }
        if (ContextLength is { } context && context < requiredContext)
        {
            throw new ArgumentException(
                $"{Path} accepts at most {context} tokens but the task needs sequences of {requiredContext}.");
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The model produced NaN logits or an unexpected shape.</exception>
    public void Logits(ReadOnlySpan<int> ids, int batch, int sequence, Span<float> logits)
    {
        CheckIds(ids, batch, sequence);
        if (logits.Length != (long)batch * sequence * VocabSize)
        {
            throw new ArgumentException(
                $"logits has {logits.Length} elements but [batch {batch}, sequence {sequence}, vocab {VocabSize}] needs {(long)batch * sequence * VocabSize}.", nameof(logits));
        }
        if (FixedBatch is { } rows && rows != batch)
        {
            // A static-batch export: run the rows in chunks of the size it fixes.
            int tokens = rows * sequence, values = tokens * VocabSize;
            for (int first = 0; first < batch; first += rows)
                Logits(ids.Slice(first * sequence, tokens), rows, sequence, logits.Slice(first * sequence * VocabSize, values));
            return;
        }
        if (LogitsType == OnnxElementType.Float)
        {
            // ORT writes straight into the caller's span: no output allocation, no copy.
            RunInto(ids, batch, sequence, logits);
            CheckNaN(logits, sequence);
            return;
        }
        var outputs = Run(ids, batch, sequence, outputNames);
        try
        {
            CopyLogits(outputs[0], batch, sequence, logits);
        }
        finally
        {
            DisposeAll(outputs);
        }
    }

    /// <summary>
    /// Runs the model on <paramref name="ids"/> [batch, sequence] (the other inputs fed as for
    /// <see cref="Logits"/>) and copies the float32 output named <paramref name="output"/> (e.g.
    /// <c>attentions.0</c>) to <paramref name="destination"/>, which must hold exactly its elements.
    /// </summary>
    /// <returns>The output's shape.</returns>
    /// <exception cref="ArgumentException">Bad ids, an unknown output, or a destination of the wrong size.</exception>
    /// <exception cref="InvalidDataException">The output is not float32.</exception>
    public long[] RunOutput(ReadOnlySpan<int> ids, int batch, int sequence, string output, Span<float> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        CheckIds(ids, batch, sequence);
        if (!Outputs.Any(o => o.Name == output))
            throw new ArgumentException($"{Path} has no output '{output}'; its outputs are {string.Join(", ", Session.Outputs.Select(o => o.Name))}.", nameof(output));
        if (FixedBatch is { } rows && rows != batch)
        {
            // A static-batch export: chunks of its batch, each filling its share of destination (batch is the leading axis).
            if (destination.Length % (batch / rows) != 0)
                throw new ArgumentException($"destination has {destination.Length} elements, not a multiple of {batch / rows} chunks.", nameof(destination));
            int share = destination.Length / (batch / rows);
            long[] shape = [];
            for (int first = 0; first < batch; first += rows)
                shape = RunOutput(ids.Slice(first * sequence, rows * sequence), rows, sequence, output, destination.Slice(first / rows * share, share));
            shape[0] = batch;
            return shape;
        }
        var outputs = Run(ids, batch, sequence, [output]);
        try
        {
            var (type, shape) = OrtSession.TypeAndShape(outputs[0]);
            if (type != OnnxElementType.Float)
                throw new InvalidDataException($"{Path}: output '{output}' is {type}, expected Float.");
            long count = shape.Aggregate(1L, (a, d) => a * d);
            if (count != destination.Length)
                throw new ArgumentException($"destination has {destination.Length} elements but output '{output}' has shape [{string.Join(", ", shape)}] ({count} elements).", nameof(destination));
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(destination);
            return shape;
        }
        finally
        {
            DisposeAll(outputs);
        }
    }

    /// <summary>Releases the session.</summary>
    public void Dispose() => Session.Dispose();

    /// <summary>Checks ids [batch, sequence] against the context and the embedding's rows.</summary>
    private void CheckIds(ReadOnlySpan<int> ids, int batch, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        var tokens = batch * sequence;
        if (ids.Length != tokens)
        {
            throw new ArgumentException($"ids has {ids.Length} elements but batch {batch} × sequence {sequence} = {tokens}.", nameof(ids));
        }
        if (ContextLength is { } context && sequence > context)
        {
            throw new ArgumentException($"Sequence length {sequence} exceeds the context length {context} of {Path}.", nameof(sequence));
        }
        if (FixedSequence is { } fixedSequence && sequence != fixedSequence)
        {
            throw new ArgumentException(
                $"{Path}: input '{IdsInput}' has a fixed sequence length of {fixedSequence}, but evaluation feeds {sequence} tokens; export it with a dynamic sequence axis.", nameof(sequence));
        }
        if (FixedBatch is { } rows && batch % rows != 0)
        {
            throw new ArgumentException(
                $"{Path}: input '{IdsInput}' has a fixed batch of {rows}, which does not divide the batch of {batch}; export it with a dynamic batch axis or use batch sizes that are multiples of {rows}.", nameof(batch));
        }
        for (var i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)InputVocabSize)
            {
                throw new ArgumentException(
                    $"Token id {ids[i]} at batch {i / sequence}, position {i % sequence} is outside the vocabulary [0, {InputVocabSize}) of {Path}.", nameof(ids));
            }
        }
    }

    /// <summary>Feeds ids (and mask, positions, empty pasts) and returns the requested outputs; the caller disposes them.</summary>
    private OrtValue[] Run(ReadOnlySpan<int> ids, int batch, int sequence, string[] output)
    {
        // The input buffers are shared between calls, so calls on one model take turns.
        lock (inputBuffers)
        {
            var (names, values) = Feeds(ids, batch, sequence);
            try
            {
                return Session.Run(names, values, output);
            }
            finally
            {
                DisposeAll(values);
            }
        }
    }

    /// <summary>Runs for float32 logits written into <paramref name="logits"/> through a pre-allocated ORT output.</summary>
    private unsafe void RunInto(ReadOnlySpan<int> ids, int batch, int sequence, Span<float> logits)
    {
        lock (inputBuffers)
        {
            var (names, values) = Feeds(ids, batch, sequence);
            try
            {
                fixed (float* data = logits)
                {
                    // The tensor is a view of the pinned span and lives only inside this fixed block.
                    using var output = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float,
                        [batch, sequence, VocabSize], (nint)data, (long)logits.Length * sizeof(float));
                    Session.Run(names, values, outputNames, [output]);
                }
            }
            finally
            {
                DisposeAll(values);
            }
        }
    }

    /// <summary>The inputs for ids [batch, sequence]: ids, then mask, positions and empty pasts when the model takes them.</summary>
    private (List<string> Names, List<OrtValue> Values) Feeds(ReadOnlySpan<int> ids, int batch, int sequence)
    {
        var names = new List<string>(3 + pastInputs.Count);
        var values = new List<OrtValue>(3 + pastInputs.Count);
        try
        {
            long[] shape = [batch, sequence];
            names.Add(IdsInput);
            values.Add(inputBuffers.Ids.Tensor(ids, shape, IdType));
            if (HasAttentionMask)
            {
                names.Add(MaskName);
                values.Add(inputBuffers.Mask.Ones(ids.Length, shape, TypeOf(MaskName)));
            }
            if (HasPositionIds)
            {
                names.Add(PositionsName);
                values.Add(inputBuffers.Positions.Positions(batch, sequence, shape, TypeOf(PositionsName)));
            }
            foreach (var past in pastInputs)
            {
                names.Add(past.Name);
                values.Add(EmptyPast(past, batch));
            }
            if (HasUseCacheBranch)
            {
                // Merged decoders pick their no-past branch with false; the empty pasts above are then unused.
                names.Add(UseCacheBranchName);
                values.Add(OrtValue.CreateTensorValueFromMemory(new[] { false }, [1]));
            }
            return (names, values);
        }
        catch
        {
            DisposeAll(values);
            throw;
        }
    }

    /// <summary>[batch, heads, past length 0, head dim]: an empty KV cache for <paramref name="past"/>.</summary>
    internal static OrtValue EmptyPast(OrtTensorInfo past, int batch) =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, OrtSession.ToOrt(past.ElementType), [batch, past.Shape[1], 0, past.Shape[3]]);

    private static void DisposeAll(IEnumerable<OrtValue> values)
    {
        foreach (var value in values)
        {
            value.Dispose();
        }
    }

    private void CopyLogits(OrtValue output, int batch, int sequence, Span<float> logits)
    {
        var (type, shape) = OrtSession.TypeAndShape(output);
        if (shape.Length != 3 || shape[0] != batch || shape[1] != sequence || shape[2] != VocabSize)
        {
            throw new InvalidDataException(
                $"{Path}: output '{LogitsOutput}' has shape [{string.Join(", ", shape)}], expected [{batch}, {sequence}, {VocabSize}].");
        }
        if (type == OnnxElementType.Float16)
        {
            var half = output.GetTensorDataAsSpan<Float16>();
            for (var i = 0; i < half.Length; i++)
            {
                logits[i] = (float)half[i];
            }
        }
        else
        {
            output.GetTensorDataAsSpan<float>().CopyTo(logits);
        }
        CheckNaN(logits, sequence);
    }

    private void CheckNaN(ReadOnlySpan<float> logits, int sequence)
    {
        var nan = FirstNaN(logits);
        if (nan >= 0)
        {
            var position = nan / VocabSize;
            throw new InvalidDataException(
                $"{Path} produced NaN logits (first at batch {position / sequence}, position {position % sequence}, token {nan % VocabSize}); the model's weights or graph are broken.");
        }
    }

    private static int FirstNaN(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private OnnxElementType TypeOf(string input) => Session.Inputs.First(i => i.Name == input).ElementType;

    private OrtTensorInfo DetectInputs()
    {
        OrtTensorInfo? ids = null;
        var others = new List<OrtTensorInfo>();
        foreach (var input in Session.Inputs)
        {
            switch (input.Name)
            {
                case IdsName:
                    ids = RequireTokenTensor(input);
                    break;
                case MaskName:
                    RequireTokenTensor(input);
                    HasAttentionMask = true;
                    break;
                case PositionsName:
                    RequireTokenTensor(input);
                    HasPositionIds = true;
                    break;
                case UseCacheBranchName:
                    if (input.ElementType != OnnxElementType.Bool || input.Shape.Count > 1)
                        throw new InvalidDataException($"{Path}: input '{input}' must be Bool [1] (a Hugging Face merged decoder's branch switch).");
                    HasUseCacheBranch = true;
                    break;
                default:
                    if (input.Name.StartsWith(PastPrefix, StringComparison.Ordinal))
                    {
                        pastInputs.Add(RequirePast(input));
                    }
                    else
                    {
                        others.Add(input);
                    }
                    break;
            }
        }
        // A model from elsewhere may call its only input something else ("tokens", "x"): accept it if it is token ids.
        if (ids is null && others.Count == 1 && !HasAttentionMask && !HasPositionIds)
        {
            ids = RequireTokenTensor(others[0]);
            others.Clear();
        }
        if (others.Count > 0)
        {
            throw new InvalidDataException(
                $"{Path}: input '{others[0]}' is not one GraphNav can feed (expected {IdsName}, {MaskName}, {PositionsName}, {PastPrefix}{{i}}.key/value).");
        }
        if (ids is null)
            throw new InvalidDataException($"{Path} has no '{IdsName}' input; its inputs are {string.Join(", ", Session.Inputs)}.");
        if (ids.Shape[0] > 0)
            FixedBatch = checked((int)ids.Shape[0]);
        if (ids.Shape[1] > 0)
            FixedSequence = checked((int)ids.Shape[1]);
        return ids;
    }

    private OrtTensorInfo RequireTokenTensor(OrtTensorInfo input)
    {
        if (input.ElementType is not (OnnxElementType.Int64 or OnnxElementType.Int32))
        {
            throw new InvalidDataException(
                $"{Path}: input '{input.Name}' is {input.ElementType}, but GraphNav feeds integer token ids (Int64 or Int32) [batch, sequence].");
        }
        if (input.Shape.Count != 2)
        {
            throw new InvalidDataException($"{Path}: input '{input}' must have rank 2 [batch, sequence].");
        }
        return input;
    }

    private OrtTensorInfo RequirePast(OrtTensorInfo input)
    {
        if (input.ElementType is not (OnnxElementType.Float or OnnxElementType.Float16) || input.Shape.Count != 4
            || input.Shape[1] <= 0 || input.Shape[3] <= 0)
        {
            throw new InvalidDataException(
                $"{Path}: KV-cache input '{input}' must be Float or Float16 [batch, heads, past_sequence, head_dim] with fixed heads and head_dim.");
        }
        return input;
    }

    private OrtTensorInfo DetectLogits()
    {
        var output = Session.Outputs.FirstOrDefault(o => o.Name == "logits") ?? Session.Outputs[0];
        if (output.ElementType is not (OnnxElementType.Float or OnnxElementType.Float16))
        {
            throw new InvalidDataException($"{Path}: output '{output}' must be Float or Float16 logits.");
        }
        if (output.Shape.Count != 3)
        {
            throw new InvalidDataException($"{Path}: output '{output}' must have rank 3 [batch, sequence, vocab].");
        }
        return output;
    }

    private int ProbeVocabulary()
    {
        // The vocabulary axis is dynamic in the metadata: run token 0 and read the shape ORT returns.
        int batch = FixedBatch ?? 1, sequence = FixedSequence ?? 1;
        OrtValue[] outputs = [];
        try
        {
            outputs = Run(new int[batch * sequence], batch, sequence, outputNames);
            var shape = OrtSession.TypeAndShape(outputs[0]).Shape;
            if (shape.Length != 3 || shape[2] < 1)
            {
                throw new InvalidDataException($"{Path}: output '{LogitsOutput}' has shape [{string.Join(", ", shape)}] for one token; expected [1, 1, vocab].");
            }
            return checked((int)shape[2]);
        }
        catch (OrtException e)
        {
            throw new InvalidDataException($"{Path}: a one-token probe run (to learn the vocabulary size) failed: {e.Message}", e);
        }
        finally
        {
            DisposeAll(outputs);
        }
    }

    private int? DetectContext(OrtTensorInfo ids)
    {
        if (ids.Shape[1] > 0)
        {
            return checked((int)ids.Shape[1]);
        }
        if (File.Metadata.TryGetValue(ContextLengthMetadataKey, out var text))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var context) || context < 1)
            {
                throw new InvalidDataException($"{Path}: metadata {ContextLengthMetadataKey}='{text}' is not a positive integer.");
            }
            return context;
        }
        return null;
    }
}
