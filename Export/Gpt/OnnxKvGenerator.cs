using GraphNav.Export.Onnx;
using GraphNav.Export.Ort;
using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;
using Microsoft.ML.OnnxRuntime;

namespace GraphNav.Export.Gpt;

/// <summary>
/// Batched generation through ONNX Runtime over a KV-cache export (<see cref="GptExportOptions.KvCache"/>,
/// or any model with <c>input_ids</c> and <c>past_key_values.{i}.key/value</c> → <c>logits</c>,
/// <c>present.{i}.key/value</c>). One run consumes the positions every prompt of the batch has
/// (the shortest prompt), then each run feeds one position per row with the previous run's presents
/// passed straight back as pasts (ORT's own buffers, no copy).
/// Same semantics as the engine's <see cref="GptSampler"/>: prompts left-aligned, a row samples once
/// its prompt is consumed, prompt i draws from SeededRandom.ForStream(Seed, i) through
/// <see cref="TokenChooser"/>, generation stops at the stop token, after MaxNewTokens, or at the
/// context length. At temperature 0 it gives the full-recompute tokens.
/// </summary>
public sealed class OnnxKvGenerator : IDisposable
{
    private const int DefaultBatch = 64;
    private readonly OnnxModel _model;
    private readonly bool _ownsModel;
    private readonly string[] _pastNames;   // [2L]: key, value per layer (graph input order irrelevant)
    private readonly string[] _outputNames; // logits, then present.{i}.key/value matching _pastNames
    private readonly string[] _inputNames;  // ids, then _pastNames
    private readonly int[] _pastHeads;      // [2L] heads of each past input
    private readonly int[] _pastHeadSize;   // [2L] head size of each past input

    /// <summary>Opens <paramref name="path"/> (a KV-cache export) and owns the session.</summary>
    /// <exception cref="InvalidDataException">The file is not a model with input_ids, past_key_values and presents.</exception>
    public OnnxKvGenerator(string path, OrtSessionSettings? settings = null)
        : this(new OnnxModel(path, settings), ownsModel: true)
    {
    }

    /// <summary>Generates with an already open <paramref name="model"/> (not disposed by this generator).</summary>
    /// <exception cref="InvalidDataException">The model has no KV cache, or its cache inputs do not pair with present outputs.</exception>
    public OnnxKvGenerator(OnnxModel model) : this(model, ownsModel: false)
    {
    }

    private OnnxKvGenerator(OnnxModel model, bool ownsModel)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _ownsModel = ownsModel;
        try
        {
            if (model.HasUseCacheBranch || model.FixedBatch is not null)
            {
                throw new InvalidDataException(
                    $"{model.Path} {(model.HasUseCacheBranch ? "is a merged decoder (use_cache_branch)" : $"fixes its batch at {model.FixedBatch}")}; " +
                    "OnnxKvGenerator does not drive that. Use TokenModelSampler over OnnxModel instead (full recompute per token).");
            }
            if (model.HasAttentionMask || model.HasPositionIds)
            {
                throw new InvalidDataException(
                    $"{model.Path} takes attention_mask or position_ids; OnnxKvGenerator feeds only input_ids and past_key_values " +
                    "(positions follow the past length). Use TokenModelSampler over OnnxModel instead.");
            }
            var pasts = model.Inputs.Where(i => i.Name.StartsWith("past_key_values.", StringComparison.Ordinal)).ToList();
            if (pasts.Count == 0)
            {
                throw new InvalidDataException(
                    $"{model.Path} has no past_key_values.{{i}}.key/value inputs: it is not a KV-cache export (GptExportOptions.KvCache).");
            }
            if (model.LogitsType != OnnxElementType.Float || pasts.Any(p => p.ElementType != OnnxElementType.Float))
            {
                throw new InvalidDataException(
                    $"{model.Path}: OnnxKvGenerator runs float32 logits and caches; this model uses Float16. Use TokenModelSampler over OnnxModel.");
            }
            var outputs = model.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            _pastNames = pasts.Select(p => p.Name).ToArray();
            _pastHeads = pasts.Select(p => checked((int)p.Shape[1])).ToArray();
            _pastHeadSize = pasts.Select(p => checked((int)p.Shape[3])).ToArray();
            var presents = _pastNames.Select(PresentFor).ToArray();
            foreach (var present in presents)
            {
                if (!outputs.Contains(present))
                    throw new InvalidDataException($"{model.Path} has input '{_pastNames[Array.IndexOf(presents, present)]}' but no output '{present}' to feed back.");
            }
            _outputNames = [model.LogitsOutput, .. presents];
            _inputNames = [model.IdsInput, .. _pastNames];
        }
        catch
        {
            if (ownsModel) model.Dispose();
            throw;
        }
    }

    /// <summary>Logits per position (V).</summary>
    public int VocabSize => _model.VocabSize;

    /// <summary>Longest sequence (prompt + generated); null when the file does not say.</summary>
    public int? ContextLength => _model.ContextLength;

    /// <summary>The model being run.</summary>
    public OnnxModel Model => _model;

    /// <summary>
    /// Continues each prompt; returns per prompt the generated tokens (including the stop token if
    /// produced). <see cref="SamplingOptions.BatchSize"/> rows run together (0 = 64);
    /// <see cref="SamplingOptions.UseKvCache"/> is ignored (this generator always uses the cache).
    /// </summary>
    /// <exception cref="ArgumentException">A prompt is empty, too long, or holds an id outside [0, vocab).</exception>
    public int[][] Generate(IReadOnlyList<int[]> prompts, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        Validate(prompts);
        int batch = options.BatchSize > 0 ? options.BatchSize : DefaultBatch;
        var results = new int[prompts.Count][];
        for (int first = 0; first < prompts.Count; first += batch)
        {
            int rows = Math.Min(batch, prompts.Count - first);
            var seqs = new SequenceBatch(prompts, first, rows, VocabSize, _model.ContextLength, options);
            GenerateRows(seqs);
            for (int r = 0; r < rows; r++) results[first + r] = seqs.Generated(r);
        }
        return results;
    }

    /// <summary>Releases the session when this generator opened it.</summary>
    public void Dispose()
    {
        if (_ownsModel) _model.Dispose();
    }

    private void GenerateRows(SequenceBatch seqs)
    {
        int rows = seqs.Rows, vocab = VocabSize;
        int prefill = seqs.ShortestPrompt;
        var pasts = new OrtValue[_pastNames.Length];
        for (int i = 0; i < pasts.Length; i++)
            pasts[i] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, [rows, _pastHeads[i], 0, _pastHeadSize[i]]);
        var ids = new long[rows * prefill];
        var ids32 = _model.IdType == OnnxElementType.Int32 ? new int[rows * prefill] : null;
        try
        {
            int position = 0; // first position fed by the next run
            int width = prefill;
            while (!seqs.AllDone)
            {
                for (int r = 0; r < rows; r++)
                    for (int i = 0; i < width; i++)
                        ids[r * width + i] = seqs.TokenAt(r, position + i);
                var outputs = Run(ids.AsMemory(0, rows * width), ids32, rows, width, pasts);
                using (outputs[0])
                {
                    var logits = outputs[0].GetTensorDataAsSpan<float>();
                    int last = position + width - 1;
                    for (int r = 0; r < rows; r++)
                        if (!seqs.IsDone(r) && last == seqs.Length(r) - 1)
                            seqs.Append(r, logits.Slice((r * width + width - 1) * vocab, vocab));
                }
                for (int i = 0; i < pasts.Length; i++)
                {
                    pasts[i].Dispose();
                    pasts[i] = outputs[i + 1];
                }
                position += width;
                width = 1;
            }
        }
        finally
        {
            foreach (var p in pasts) p?.Dispose();
        }
    }

    private OrtValue[] Run(Memory<long> ids, int[]? ids32, int rows, int width, OrtValue[] pasts)
    {
        // The presents of one run are passed back as the next run's pasts: ORT's own buffers, no copy.
        using var input = ids32 is null
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids, [rows, width])
            : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Narrow(ids.Span, ids32).AsMemory(0, ids.Length), [rows, width]);
        var values = new OrtValue[1 + pasts.Length];
        values[0] = input;
        pasts.CopyTo(values, 1);
        return _model.Session.Run(_inputNames, values, _outputNames);
    }

    private static int[] Narrow(ReadOnlySpan<long> ids, int[] into)
    {
        for (int i = 0; i < ids.Length; i++) into[i] = (int)ids[i];
        return into;
    }

    private void Validate(IReadOnlyList<int[]> prompts)
    {
        int vocab = _model.InputVocabSize;
        for (int i = 0; i < prompts.Count; i++)
        {
            var p = prompts[i] ?? throw new ArgumentException($"prompt {i} is null.", nameof(prompts));
            if (p.Length == 0) throw new ArgumentException($"prompt {i} is empty; every prompt needs at least one token.", nameof(prompts));
            if (ContextLength is int c && p.Length > c)
                throw new ArgumentException($"prompt {i} has {p.Length} tokens, more than the context length {c} of {_model.Path}.", nameof(prompts));
            foreach (int id in p)
            {
                if ((uint)id >= (uint)vocab)
                    throw new ArgumentException($"prompt {i} contains token {id}; ids must be in [0, {vocab}) for {_model.Path}.", nameof(prompts));
            }
        }
    }

    private static string PresentFor(string past) => "present." + past["past_key_values.".Length..];
}
