using GraphNav.Models.Gpt;
using GraphNav.Models.Kernels;
using static GraphNav.Models.Kernels.Ops;

namespace GraphNav.Models.Sampling;

/// <summary>
/// Incremental decoding for a causal <see cref="GptModel"/>: each <see cref="Step(ReadOnlySpan{int}, int, int, int, Span{float})"/>
/// appends one or more positions to every row, stores their keys and values, and attends over the
/// cached ones. Several positions at once (a prompt, like ORT's generator does with its shared
/// prefix) make the linear layers products of batch × positions rows instead of one product per
/// position. It uses the same kernels and summation order as the full forward, so its logits equal
/// the full forward's at the same position (bit-for-bit with the engine's Gemm), however the
/// positions are grouped into steps.
/// </summary>
public sealed class GptKvCache
{
    private readonly GptModel _model;
    private readonly float[] _x, _ln, _qkv, _atty, _proj, _fch, _fchGelu, _mean, _rstd, _last, _keysT, _values;
    private readonly GptParameters _transposed; // every linear weight as Wᵀ, for the few-row Gemv path
    private bool _transposedStale = true;       // _transposed must be rebuilt before the Gemv path uses it

    /// <summary>Batches up to this size use Gemv on transposed weights instead of Gemm (same bits).</summary>
    private const int GemvRows = 8;

    /// <summary>Rows (batch × positions) one step may hold: enough for the products to reach their
    /// large-shape speed (8 positions of 64 rows), while the buffers stay a few MB for small models.</summary>
    private const int StepRows = 512;

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
        MaxRows = Math.Max(maxBatch, Math.Min(StepRows, maxBatch * c.ContextLength));
        int R = MaxRows;                          // rows of a step: (row b, new position i) at b·P + i
        _x = new float[R * C];                    // [R, C] residual stream of the new positions
        _ln = new float[R * C];                   // [R, C] LayerNorm output
        _qkv = new float[R * 3 * C];              // [R, 3C]
        _atty = new float[R * C];                 // [R, C]
        _proj = new float[R * C];                 // [R, C] attproj / fcproj output
        _fch = new float[R * H];                  // [R, 4C]
        _fchGelu = new float[R * H];              // [R, 4C]
        _mean = new float[R];                     // [R]
        _rstd = new float[R];                     // [R]
        _last = new float[maxBatch * C];          // [B, C] each row's last new position, for the head
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

    /// <summary>Most rows × new positions one <see cref="Step(ReadOnlySpan{int}, int, int, int, Span{float})"/> takes.</summary>
    public int MaxRows { get; }

    /// <summary>Most new positions one step takes for <paramref name="batch"/> rows (at least 1).</summary>
    public int PositionsPerStep(int batch) => Math.Clamp(MaxRows / Math.Max(batch, 1), 1, _model.Config.ContextLength);

    /// <summary>
    /// Feeds tokens [B] at <paramref name="position"/> (the same for every row; positions 0…position−1
    /// must have been fed before) and writes next-token logits [B, V].
    /// </summary>
    public void Step(ReadOnlySpan<int> tokens, int position, int batch, Span<float> logits) =>
        Step(tokens, position, batch, 1, logits);

    /// <summary>
    /// Feeds tokens [B, P] (row b's P new tokens at b·P … b·P + P − 1) at positions
    /// <paramref name="position"/> … position + P − 1 of every row (positions 0…position−1 must have been
    /// fed before; B·P ≤ <see cref="MaxRows"/>) and writes the next-token logits [B, V] after each row's
    /// last new position.
    /// </summary>
    public void Step(ReadOnlySpan<int> tokens, int position, int batch, int positions, Span<float> logits)
    {
        var cfg = _model.Config;
        var p = _model.Parameters;
        int B = batch, P = positions, C = cfg.Channels, HS = cfg.HeadSize, H = cfg.MlpChannels, V = cfg.VocabSize;
        int maxT = cfg.ContextLength, th = _model.Threads;
        if (B < 1 || B > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be in [1, {MaxBatch}].");
        if (P < 1 || P > PositionsPerStep(B)) throw new ArgumentOutOfRangeException(nameof(positions), positions, $"positions must be in [1, {PositionsPerStep(B)}] for a batch of {B}.");
        if (position < 0 || position + P > maxT) throw new ArgumentOutOfRangeException(nameof(position), position, $"positions {position}…{position + P - 1} must lie in [0, ContextLength = {maxT}).");
        if (tokens.Length != B * P || logits.Length != B * V) throw new ArgumentException($"tokens must hold B·P = {B * P} ids and logits B·V = {B * V} floats.");
        int N = B * P; // rows of this step
        if (B <= GemvRows && _transposedStale) // the head's B rows, and the other products' N rows if N is that small too
        {
            TransposeWeights();
            _transposedStale = false;
        }
        var x = _x.AsSpan(0, N * C);
        for (int r = 0; r < N; r++)
        {
            if ((uint)tokens[r] >= (uint)V) throw new ArgumentOutOfRangeException(nameof(tokens), tokens[r], $"token ids must be in [0, VocabSize = {V}).");
            EmbeddingForward(x.Slice(r * C, C), tokens.Slice(r, 1), p.Wte.Span, p.Wpe.Slice((position + r % P) * C, C), 1, 1, C);
        }
        if (cfg.EmbeddingLayerNorm)
        {
            // The embedding LayerNorm (as GptModel's forward), through the LayerNorm scratch back into x.
            var normed = _ln.AsSpan(0, N * C);
            LayerNormForward(normed, _mean, _rstd, x, p.Lnew.Span, p.Lneb.Span, N, C, cfg.LayerNormEps, th);
            normed.CopyTo(x);
        }
        float scale = 1f / MathF.Sqrt(HS);
        for (int l = 0; l < cfg.Layers; l++)
        {
            int pl = cfg.ParameterLayer(l); // shared blocks reuse block 0's weights
            var ln = _ln.AsSpan(0, N * C);
            var qkv = _qkv.AsSpan(0, N * 3 * C);
            LayerNormForward(ln, _mean, _rstd, x, p.Ln1w.Layer(pl), p.Ln1b.Layer(pl), N, C, cfg.LayerNormEps, th);
            Linear(qkv, ln, p.Qkvw.Layer(pl), _transposed.Qkvw.Layer(pl), p.Qkvb.Layer(pl), N, C, 3 * C, th);
            AttendRows(qkv, l, position, B, P, scale, th);
            Linear(_proj, _atty.AsSpan(0, N * C), p.AttProjw.Layer(pl), _transposed.AttProjw.Layer(pl), p.AttProjb.Layer(pl), N, C, C, th);
            ResidualForward(x, x, _proj, N * C);
            if (!cfg.UseMlp) continue;
            LayerNormForward(ln, _mean, _rstd, x, p.Ln2w.Layer(pl), p.Ln2b.Layer(pl), N, C, cfg.LayerNormEps, th);
            Linear(_fch, ln, p.Fcw.Layer(pl), _transposed.Fcw.Layer(pl), p.Fcb.Layer(pl), N, C, H, th);
            GeluForward(_fchGelu, _fch, N * H, th);
            Linear(_proj, _fchGelu, p.FcProjw.Layer(pl), _transposed.FcProjw.Layer(pl), p.FcProjb.Layer(pl), N, H, C, th);
            ResidualForward(x, x, _proj, N * C);
        }
        // Only each row's last new position predicts: the head runs on those B rows.
        var last = x;
        if (P > 1)
        {
            last = _last.AsSpan(0, B * C);
            for (int b = 0; b < B; b++) x.Slice((b * P + P - 1) * C, C).CopyTo(last.Slice(b * C, C));
        }
        var final = last;
        if (cfg.FinalLayerNorm)
        {
            final = _ln.AsSpan(0, B * C);
            LayerNormForward(final, _mean, _rstd, last, p.Lnfw.Span, p.Lnfb.Span, B, C, cfg.LayerNormEps, th);
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

    /// <summary>Stores every row's new keys and values of layer <paramref name="l"/> (positions
    /// position … position + P − 1) and attends each new position over the cached positions up to it,
    /// rows split over threads: each row touches only its own cache slots and outputs, with the kernel
    /// the full forward uses, so the bits do not depend on the split.</summary>
    private unsafe void AttendRows(ReadOnlySpan<float> qkv, int l, int position, int B, int P, float scale, int threads)
    {
        using var profile = KernelProfiler.Measure(KernelKind.AttentionForward);
        var cfg = _model.Config;
        int C = cfg.Channels, NH = cfg.Heads, maxT = cfg.ContextLength;
        fixed (float* pq = qkv, keys = _keysT, values = _values, atty = _atty)
        {
            var rows = new CachedRows(pq, keys, values, atty, l * MaxBatch, position, P, C, NH, maxT, TransposedStride(maxT), scale);
            long work = 4L * NH * cfg.HeadSize * P * (position + (P + 1) / 2);
            RowParallel.For(B, threads, work, rows, static (in CachedRows r, int start, int end) => r.Run(start, end));
        }
    }

    /// <summary>Pinned buffers and shape of one layer's cached attention (see <see cref="AttendRows"/>):
    /// <paramref name="positions"/> new positions per row from <paramref name="position"/> on, row b's
    /// new position i at qkv/atty row b·positions + i.</summary>
    private readonly unsafe struct CachedRows(float* qkv, float* keysT, float* values, float* atty, int firstSlot,
        int position, int positions, int c, int heads, int maxT, int ts, float scale)
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
            // A row's later new positions attend over its earlier ones, which are stored by then.
            for (; row + 1 < end; row += 2)
                for (int i = 0; i < positions; i++)
                {
                    Store(row, i);
                    Store(row + 1, i);
                    for (int h = 0; h < heads; h++)
                        AttentionPairs.AttentionRowPair(Out(row, i, h), Out(row + 1, i, h), scores, scores + maxT,
                            Query(row, i, h), Query(row + 1, i, h), Keys(row, h), Keys(row + 1, h), ts,
                            Values(row, h), Values(row + 1, h), c, position + i + 1, hs, scale);
                }
            if (row < end)
                for (int i = 0; i < positions; i++)
                {
                    Store(row, i);
                    for (int h = 0; h < heads; h++)
                        AttentionRow(Out(row, i, h), scores, Query(row, i, h), Keys(row, h), ts, Values(row, h), c, position + i + 1, hs, scale);
                }
        }

        /// <summary>Row b's keys (transposed per head, [NH·HS, ts] per slot) and values ([maxT, C] per
        /// slot) of its new position i.</summary>
        private void Store(int b, int i)
        {
            float* q = qkv + ((long)b * positions + i) * 3 * c;
            float* block = keysT + (long)(firstSlot + b) * c * ts;
            int t = position + i;
            for (int channel = 0; channel < c; channel++) block[channel * ts + t] = q[c + channel];
            new ReadOnlySpan<float>(q + 2 * c, c).CopyTo(new Span<float>(values + ((long)(firstSlot + b) * maxT + t) * c, c));
        }

        private float* Out(int b, int i, int h) => atty + ((long)b * positions + i) * c + h * (c / heads);

        private float* Query(int b, int i, int h) => qkv + ((long)b * positions + i) * 3 * c + h * (c / heads);

        private float* Keys(int b, int h) => keysT + (long)(firstSlot + b) * c * ts + (long)h * (c / heads) * ts;

        private float* Values(int b, int h) => values + (long)(firstSlot + b) * maxT * c + h * (c / heads);
    }
}
