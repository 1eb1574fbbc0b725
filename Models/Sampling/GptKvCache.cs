using GraphNav.Models.Gpt;
using GraphNav.Models.Kernels;
using static GraphNav.Models.Kernels.Ops;

namespace GraphNav.Models.Sampling;

/// <summary>
/// Incremental decoding for a causal <see cref="GptModel"/>: each <see cref="Step"/> appends one
/// position to every row, stores its keys and values, and attends over the cached ones. It uses
/// the same kernels and summation order as the full forward, so its logits equal the full
/// forward's at the same position (bit-for-bit with the engine's Gemm).
/// </summary>
public sealed class GptKvCache
{
    private readonly GptModel _model;
    private readonly float[] _x, _ln, _qkv, _atty, _proj, _fch, _fchGelu, _mean, _rstd, _keysT, _values;
    private readonly GptParameters _transposed; // every linear weight as Wᵀ, for the few-row Gemv path
    private bool _transposedStale = true;       // _transposed must be rebuilt before the Gemv path uses it

    /// <summary>Batches up to this size use Gemv on transposed weights instead of Gemm (same bits).</summary>
    private const int GemvRows = 8;

    /// <summary>Buffers for up to <paramref name="maxBatch"/> rows of the model's context.</summary>
    public GptKvCache(GptModel model, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Config.Causal)
            throw new ArgumentException("A KV cache needs a causal (decoder) model; this model is bidirectional.", nameof(model));
        if (model.Config.HasClassifierHead)
            throw new ArgumentException($"A KV cache samples next tokens; this model has a classifier head (OutputSize {model.Config.OutputSize}).", nameof(model));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _model = model;
        MaxBatch = maxBatch;
        var c = model.Config;
        int C = c.Channels, H = c.UseMlp ? c.MlpChannels : 0;
        _x = new float[maxBatch * C];             // [B, C] residual stream of the new position
        _ln = new float[maxBatch * C];            // [B, C] LayerNorm output
        _qkv = new float[maxBatch * 3 * C];       // [B, 3C]
        _atty = new float[maxBatch * C];          // [B, C]
        _proj = new float[maxBatch * C];          // [B, C] attproj / fcproj output
        _fch = new float[maxBatch * H];           // [B, 4C]
        _fchGelu = new float[maxBatch * H];       // [B, 4C]
        _mean = new float[maxBatch];              // [B]
        _rstd = new float[maxBatch];              // [B]
        _keysT = new float[c.Layers * maxBatch * C * TransposedStride(c.ContextLength)]; // [L, B, NH, HS, ts] keys transposed per head
        _values = new float[c.Layers * maxBatch * c.ContextLength * C]; // [L, B, maxT, C]
        // Same tensors, each [.., N, K] weight stored as [.., K, N]; the views' shapes are ignored.
        _transposed = new GptParameters(c);
    }

    /// <summary>
    /// Marks the cache's transposed copies of the weights (used for batches of up to 8 rows) as out of
    /// date, so that the next step with such a batch rebuilds them from the model's parameters.
    /// Call after the model's parameters change, e.g. after more training; GptSampler does.
    /// The rebuild is deferred because larger batches never read the copies: rebuilding them on every
    /// generate call cost ~2% of a batch-64 call on the paper-A GPT for nothing.
    /// </summary>
    public void SyncWeights() => _transposedStale = true;

    /// <summary>Rebuilds the transposed weights from the model's parameters.</summary>
    private void TransposeWeights()
    {
        var c = _model.Config;
        var p = _model.Parameters;
        int C = c.Channels, H = c.MlpChannels;
        Transpose(p.Qkvw, _transposed.Qkvw, c.ParameterLayers, 3 * C, C);
        Transpose(p.AttProjw, _transposed.AttProjw, c.ParameterLayers, C, C);
        if (c.UseMlp)
        {
            Transpose(p.Fcw, _transposed.Fcw, c.ParameterLayers, H, C);
            Transpose(p.FcProjw, _transposed.FcProjw, c.ParameterLayers, C, H);
        }
        Transpose(p.LmHeadw, _transposed.LmHeadw, 1, c.VocabSize, C);
    }

    /// <summary>Rows the cache holds.</summary>
    public int MaxBatch { get; }

    /// <summary>
    /// Feeds tokens [B] at <paramref name="position"/> (the same for every row; positions 0…position−1
    /// must have been fed before) and writes next-token logits [B, V].
    /// </summary>
    public void Step(ReadOnlySpan<int> tokens, int position, int batch, Span<float> logits)
    {
        var cfg = _model.Config;
        var p = _model.Parameters;
        int B = batch, C = cfg.Channels, NH = cfg.Heads, HS = cfg.HeadSize, H = cfg.MlpChannels, V = cfg.VocabSize;
        int maxT = cfg.ContextLength, th = _model.Threads;
        if (B < 1 || B > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be in [1, {MaxBatch}].");
        if (position < 0 || position >= maxT) throw new ArgumentOutOfRangeException(nameof(position), position, $"position must be in [0, ContextLength = {maxT}).");
        if (tokens.Length != B || logits.Length != B * V) throw new ArgumentException($"tokens must hold B = {B} ids and logits B·V = {B * V} floats.");
        if (B <= GemvRows && _transposedStale)
        {
            TransposeWeights();
            _transposedStale = false;
        }
        var x = _x.AsSpan(0, B * C);
        for (int b = 0; b < B; b++)
        {
            if ((uint)tokens[b] >= (uint)V) throw new ArgumentOutOfRangeException(nameof(tokens), tokens[b], $"token ids must be in [0, VocabSize = {V}).");
            EmbeddingForward(x.Slice(b * C, C), tokens.Slice(b, 1), p.Wte.Span, p.Wpe.Slice(position * C, C), 1, 1, C);
        }
        if (cfg.EmbeddingLayerNorm)
        {
            // The embedding LayerNorm (as GptModel's forward), through the LayerNorm scratch back into x.
            var normed = _ln.AsSpan(0, B * C);
            LayerNormForward(normed, _mean, _rstd, x, p.Lnew.Span, p.Lneb.Span, B, C, cfg.LayerNormEps, th);
            normed.CopyTo(x);
        }
        float scale = 1f / MathF.Sqrt(HS);
        for (int l = 0; l < cfg.Layers; l++)
        {
            int pl = cfg.ParameterLayer(l); // shared blocks reuse block 0's weights
            var ln = _ln.AsSpan(0, B * C);
            var qkv = _qkv.AsSpan(0, B * 3 * C);
            LayerNormForward(ln, _mean, _rstd, x, p.Ln1w.Layer(pl), p.Ln1b.Layer(pl), B, C, cfg.LayerNormEps, th);
            Linear(qkv, ln, p.Qkvw.Layer(pl), _transposed.Qkvw.Layer(pl), p.Qkvb.Layer(pl), B, C, 3 * C, th);
            AttendRows(qkv, l, position, B, scale, th);
            Linear(_proj, _atty.AsSpan(0, B * C), p.AttProjw.Layer(pl), _transposed.AttProjw.Layer(pl), p.AttProjb.Layer(pl), B, C, C, th);
            ResidualForward(x, x, _proj, B * C);
            if (!cfg.UseMlp) continue;
            LayerNormForward(ln, _mean, _rstd, x, p.Ln2w.Layer(pl), p.Ln2b.Layer(pl), B, C, cfg.LayerNormEps, th);
            Linear(_fch, ln, p.Fcw.Layer(pl), _transposed.Fcw.Layer(pl), p.Fcb.Layer(pl), B, C, H, th);
            GeluForward(_fchGelu, _fch, B * H, th);
            Linear(_proj, _fchGelu, p.FcProjw.Layer(pl), _transposed.FcProjw.Layer(pl), p.FcProjb.Layer(pl), B, H, C, th);
            ResidualForward(x, x, _proj, B * C);
        }
        var final = x;
        if (cfg.FinalLayerNorm)
        {
            final = _ln.AsSpan(0, B * C);
            LayerNormForward(final, _mean, _rstd, x, p.Lnfw.Span, p.Lnfb.Span, B, C, cfg.LayerNormEps, th);
        }
        Linear(logits, final, p.LmHeadw.Span, _transposed.LmHeadw.Span, default, B, C, V, th);
    }

    /// <summary>LinearForward, or for a few rows Gemv on the transposed weight plus the bias (same bits).</summary>
    private static void Linear(Span<float> output, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> transposed, ReadOnlySpan<float> bias, int B, int C, int OC, int threads)
    {
        if (B > GemvRows)
        {
            LinearForward(output, input, weight, bias, B, C, OC, threads);
            return;
        }
        Gemv.RowsTimesTransposed(output[..(B * OC)], input[..(B * C)], transposed, B, OC, C);
        if (bias.IsEmpty) return;
        for (int b = 0; b < B; b++) Simd.AddInPlace(output.Slice(b * OC, OC), bias[..OC]);
    }

    private static void Transpose(TensorView from, TensorView to, int layers, int n, int k)
    {
        for (int l = 0; l < layers; l++)
            Gemv.Transpose(to.Span.Slice(l * n * k, n * k), from.Span.Slice(l * n * k, n * k), n, k);
    }

    /// <summary>Stores every row's new keys and values of layer <paramref name="l"/> and attends over
    /// its cached positions 0…position, rows split over threads: each row touches only its own cache
    /// slots and output, with the kernel the full forward uses, so the bits do not depend on the split.</summary>
    private unsafe void AttendRows(ReadOnlySpan<float> qkv, int l, int position, int B, float scale, int threads)
    {
        using var profile = KernelProfiler.Measure(KernelKind.AttentionForward);
        var cfg = _model.Config;
        int C = cfg.Channels, NH = cfg.Heads, maxT = cfg.ContextLength;
        fixed (float* pq = qkv, keys = _keysT, values = _values, atty = _atty)
        {
            var rows = new CachedRows(pq, keys, values, atty, l * MaxBatch, position, C, NH, maxT, TransposedStride(maxT), scale);
            RowParallel.For(B, threads, 4L * NH * (position + 1) * cfg.HeadSize, rows, static (in CachedRows r, int start, int end) => r.Run(start, end));
        }
    }

    /// <summary>Pinned buffers and shape of one layer's cached attention (see <see cref="AttendRows"/>).</summary>
    private readonly unsafe struct CachedRows(float* qkv, float* keysT, float* values, float* atty, int firstSlot,
        int position, int c, int heads, int maxT, int ts, float scale)
    {
        public void Run(int start, int end)
        {
            int hs = c / heads;
            float* scores = stackalloc float[2 * maxT]; // the att rows of two rows
            int row = start;
            // Two rows at a time: their attention chains interleave (AttentionPairs, same bits). A row's
            // new key goes to one cache line per channel, the lines its scores read right after: stored
            // just before use, each line is fetched once. (Storing every row's key first, then attending,
            // fetched them twice: by then the batch's keys had pushed the first rows' lines out of L1.)
            for (; row + 1 < end; row += 2)
            {
                Store(row);
                Store(row + 1);
                for (int h = 0; h < heads; h++)
                    AttentionPairs.AttentionRowPair(Out(row, h), Out(row + 1, h), scores, scores + maxT,
                        Query(row, h), Query(row + 1, h), Keys(row, h), Keys(row + 1, h), ts,
                        Values(row, h), Values(row + 1, h), c, position + 1, hs, scale);
            }
            if (row < end)
            {
                Store(row);
                for (int h = 0; h < heads; h++)
                    AttentionRow(Out(row, h), scores, Query(row, h), Keys(row, h), ts, Values(row, h), c, position + 1, hs, scale);
            }
        }

        /// <summary>Row b's new keys (transposed per head, [NH·HS, ts] per slot) and values ([maxT, C] per slot).</summary>
        private void Store(int b)
        {
            float* q = qkv + (long)b * 3 * c;
            float* block = keysT + (long)(firstSlot + b) * c * ts;
            for (int channel = 0; channel < c; channel++) block[channel * ts + position] = q[c + channel];
            new ReadOnlySpan<float>(q + 2 * c, c).CopyTo(new Span<float>(values + ((long)(firstSlot + b) * maxT + position) * c, c));
        }

        private float* Out(int b, int h) => atty + (long)b * c + h * (c / heads);

        private float* Query(int b, int h) => qkv + (long)b * 3 * c + h * (c / heads);

        private float* Keys(int b, int h) => keysT + (long)(firstSlot + b) * c * ts + (long)h * (c / heads) * ts;

        private float* Values(int b, int h) => values + (long)(firstSlot + b) * maxT * c + h * (c / heads);
    }
}
