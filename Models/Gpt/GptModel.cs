using GraphNav.Models.Kernels;
using static GraphNav.Models.Kernels.Ops;

namespace GraphNav.Models.Gpt;

/// <summary>
/// A nanoGPT-style transformer on the CPU, written in llm.c's style. The architecture (and the
/// PyTorch reference it must match):
/// <code>
/// x = wte[ids] + wpe[0..T)                                   # [B,T,C]
/// x = lne(x)                                                 # when EmbeddingLayerNorm (BERT)
/// for each of L blocks (pre-LayerNorm):
///     x = x + attproj(Attention(ln1(x)))                     # qkv = ln1(x)·qkvwᵀ + qkvb, [q|k|v]
///     x = x + fcproj(GELU_erf(fc(ln2(x))))                   # skipped when !UseMlp
/// x = lnf(x)                                                 # when FinalLayerNorm
/// logits = x · Wᵀ                                            # W = wte (tied) or lmheadw; no bias
///                                                            # classifier (OutputSize > 0): x · lmheadwᵀ + lmheadb
/// </code>
/// Attention scales by 1/√HS, masks causally when Causal, and concatenates the NH heads
/// (head h owns channels h·HS…(h+1)·HS). All linear layers have biases; the head has none.
/// Parameters, gradients and activations are named views over one allocation each; a forward with
/// B ≤ MaxBatch and T ≤ ContextLength allocates nothing.
/// Determinism: the same seed gives identical bits for any thread count: attention splits over
/// independent (b, h) pairs, GELU / LayerNorm / cross-entropy split over rows that are computed
/// independently (reductions across rows stay sequential), and Gemm's threading keeps every
/// element's reduction order (see Gemm).
/// Not thread-safe: one forward at a time per instance (the activations are shared state).
/// </summary>
public sealed class GptModel : IAttentionModel, IEmbeddingModel
{
    private readonly GptActivations _acts;   // forward activations for MaxBatch × ContextLength
    private GptActivations? _gradActs;       // their gradients, allocated on the first Backward
    private GptParameters? _grads;           // parameter gradients, allocated on first use
    private readonly int[] _ids;             // [B,T] inputs of the last forward
    private readonly int[] _targets;         // [B,T] targets of the last forward
    private int _b, _t;                      // B, T of the last forward
    private bool _hasTargets;                // whether the last forward computed a loss
    private int _threads = 1;
    private Sampling.GptKvCache? _kvCache;   // reused by GptSampler across calls (no per-call large allocation)
    private readonly IAttentionMapProvider? _fixedMaps; // maps of the hard-coded heads (null: none)
    private IAttentionLoss? _extraLoss;      // extra loss term of the last forward (null: none)
    private float _extraLossValue;           // its value in the last forward

    /// <summary>Creates a model with nanoGPT initialisation from <paramref name="seed"/>
    /// (see <see cref="GptInitializer"/>), able to run batches of up to <paramref name="maxBatch"/> rows.</summary>
    public GptModel(GptConfig config, ulong seed, int maxBatch = 64)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validated();
        Parameters = new GptParameters(config);
        GptInitializer.Initialize(Parameters, config, seed);
        _acts = new GptActivations(config, maxBatch, forGradients: false);
        _ids = new int[maxBatch * config.ContextLength];
        _targets = new int[maxBatch * config.ContextLength];
        _fixedMaps = Config.FixedHeads > 0 ? FixedAttentionMaps.Provider : null;
    }

    /// <summary>The model's shape.</summary>
    public GptConfig Config { get; }

    /// <summary>Learnable tensors (views over <see cref="GptParameters.Data"/>).</summary>
    public GptParameters Parameters { get; }

    /// <summary>Gradients of the parameters, same names and shapes; filled by <see cref="Backward"/>.</summary>
    public GptParameters Gradients => _grads ??= new GptParameters(Config);

    /// <summary>Opt-in counter of the q·kᵀ work this model dispatches (null, the default: nothing is
    /// counted). It reads only shapes at the dispatch, so it cannot change any result.</summary>
    public AttentionWorkCounter? AttentionWork { get; set; }

    /// <summary>Largest batch a single forward accepts (Logits splits larger batches).</summary>
    public int MaxBatch => _acts.MaxBatch;

    /// <summary>Threads for the linear layers (Gemm) and attention (over b, h). Default 1.</summary>
    public int Threads
    {
        get => _threads;
        set => _threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Threads must be at least 1.");
    }

    /// <summary>Logits per position (ITokenModel's V): Config.OutputWidth — the vocabulary V, or
    /// OutputSize for a classifier head. Input ids are always checked against Config.VocabSize.</summary>
    public int VocabSize => Config.OutputWidth;

    /// <inheritdoc />
    int? ITokenModel.ContextLength => Config.ContextLength;

    /// <inheritdoc />
    public int AttentionLayers => Config.Layers;

    /// <inheritdoc />
    public int AttentionHeads => Config.Heads;

    /// <inheritdoc />
    public int EmbeddingChannels => Config.Channels;

    /// <inheritdoc />
    public void CopyTokenEmbedding(Span<float> destination) => Parameters.Wte.Span.CopyTo(destination);

    /// <inheritdoc />
    public void CopyValueProjection(int layer, Span<float> weight, Span<float> bias)
    {
        CheckLayer(layer);
        int c = Config.Channels;
        int pl = Config.ParameterLayer(layer);
        Parameters.Qkvw.Layer(pl).Slice(2 * c * c, c * c).CopyTo(weight); // rows 2C…3C of [3C, C]
        Parameters.Qkvb.Layer(pl).Slice(2 * c, c).CopyTo(bias);
    }

    /// <inheritdoc />
    public void CopyOutputProjection(int layer, Span<float> weight, Span<float> bias)
    {
        CheckLayer(layer);
        Parameters.AttProjw.Layer(Config.ParameterLayer(layer)).CopyTo(weight);
        Parameters.AttProjb.Layer(Config.ParameterLayer(layer)).CopyTo(bias);
    }

    /// <summary>The model's KV cache with room for at least <paramref name="rows"/> rows, created
    /// on first use and reused (the model is single-threaded anyway). Causal models only.</summary>
    public Sampling.GptKvCache KvCache(int rows) =>
        _kvCache is { } cache && cache.MaxBatch >= rows ? cache : _kvCache = new Sampling.GptKvCache(this, rows);

    /// <summary>Logits [B,T,O] of the last forward (O = Config.OutputWidth).</summary>
    public ReadOnlySpan<float> LastLogits => _acts.Logits.Slice(0, _b * _t * Config.OutputWidth);

    /// <summary>Per-position losses [B,T] of the last forward with targets (0 where ignored).</summary>
    public ReadOnlySpan<float> LastLosses => _acts.Losses.Slice(0, _b * _t);

    /// <summary>Attention probabilities [B,NH,T,T] of <paramref name="layer"/> from the last forward.</summary>
    public ReadOnlySpan<float> LastAttention(int layer)
    {
        CheckLayer(layer);
        int n = _b * Config.Heads * _t * _t;
        return _acts.Att.Slice(layer * n, n);
    }

    /// <summary>Forward without a loss (inference). ids [B,T], B ≤ MaxBatch, T ≤ ContextLength.</summary>
    public void Forward(ReadOnlySpan<int> ids, int batch, int sequence) => Run(ids, default, batch, sequence, withLoss: false);

    /// <summary>Forward with targets [B,T] (−1 = ignored); returns the mean loss over non-ignored
    /// targets (0 if none) and caches everything <see cref="Backward"/> needs.</summary>
    public float Forward(ReadOnlySpan<int> ids, ReadOnlySpan<int> targets, int batch, int sequence)
        => Run(ids, targets, batch, sequence, withLoss: true);

    /// <summary>
    /// Forward whose loss adds attention mimicking (docs/PHENOMENA.md, B3): the task loss (left out when
    /// <paramref name="targets"/> is empty) plus <paramref name="weight"/> · the mean KL(target ‖ att)
    /// over the target heads' rows; see <see cref="AttentionMimicLoss"/>. Allocates the term's target
    /// buffer on every call: a training loop keeps one <see cref="AttentionMimicLoss"/> and uses
    /// <see cref="Forward(ReadOnlySpan{int}, ReadOnlySpan{int}, int, int, IAttentionLoss)"/>.
    /// </summary>
    /// <returns>Task loss (0 without targets) + the weighted attention loss.</returns>
    /// <exception cref="ArgumentException">A head is out of range or hard-coded, the weight is negative or not
    /// finite, or a target row is not row-stochastic.</exception>
    public float Forward(ReadOnlySpan<int> ids, ReadOnlySpan<int> targets, int batch, int sequence,
        IAttentionTargets attentionTargets, float weight = 1f) =>
        Forward(ids, targets, batch, sequence, new AttentionMimicLoss(attentionTargets, weight));

    /// <summary>
    /// Forward whose loss is the task loss (mean cross-entropy over non-ignored <paramref name="targets"/>
    /// [B,T]; left out when targets is empty) plus <paramref name="extraLoss"/> on the attention maps.
    /// <see cref="Backward"/> then accumulates the gradient of that sum.
    /// </summary>
    /// <returns>Task loss (0 without targets) + the extra term.</returns>
    public float Forward(ReadOnlySpan<int> ids, ReadOnlySpan<int> targets, int batch, int sequence, IAttentionLoss extraLoss)
    {
        ArgumentNullException.ThrowIfNull(extraLoss);
        extraLoss.Check(Config);
        bool withTask = !targets.IsEmpty;
        float task = Run(ids, targets, batch, sequence, withTask);
        float extra = extraLoss.Forward(this, ids, batch, sequence);
        _extraLoss = extraLoss;
        _extraLossValue = extra;
        return (withTask ? task : 0) + extra;
    }

    /// <summary>The extra loss term (e.g. weighted attention mimicking) of the last forward that had one;
    /// 0 after any other forward.</summary>
    public float LastAttentionLoss => _extraLoss is null ? 0 : _extraLossValue;

    /// <summary>Sets every parameter gradient to zero (Backward accumulates).</summary>
    public void ZeroGrad() => Array.Clear(Gradients.Data);

    /// <inheritdoc />
    public void Logits(ReadOnlySpan<int> ids, int batch, int sequence, Span<float> logits)
    {
        int v = Config.OutputWidth;
        CheckInputs(ids, batch, sequence, allowLargeBatch: true);
        if (logits.Length != batch * sequence * v)
            throw new ArgumentException($"logits must hold B·T·V = {batch * sequence * v} floats, got {logits.Length}.", nameof(logits));
        for (int start = 0; start < batch; start += MaxBatch)
        {
            int rows = Math.Min(MaxBatch, batch - start);
            Forward(ids.Slice(start * sequence, rows * sequence), rows, sequence);
            LastLogits.CopyTo(logits.Slice(start * sequence * v, rows * sequence * v));
        }
    }

    /// <inheritdoc />
    public void AttentionMaps(ReadOnlySpan<int> ids, int batch, int sequence, int layer, Span<float> maps)
    {
        CheckInputs(ids, batch, sequence, allowLargeBatch: true);
        int per = Config.Heads * sequence * sequence;
        if (maps.Length != batch * per)
            throw new ArgumentException($"maps must hold B·NH·T·T = {batch * per} floats, got {maps.Length}.", nameof(maps));
        for (int start = 0; start < batch; start += MaxBatch)
        {
            int rows = Math.Min(MaxBatch, batch - start);
            Forward(ids.Slice(start * sequence, rows * sequence), rows, sequence);
            LastAttention(layer).CopyTo(maps.Slice(start * per, rows * per));
        }
    }

    private float Run(ReadOnlySpan<int> ids, ReadOnlySpan<int> targets, int B, int T, bool withLoss)
    {
        CheckInputs(ids, B, T, allowLargeBatch: false);
        int V = Config.OutputWidth, C = Config.Channels, NH = Config.Heads, H = Config.MlpChannels; // V: logits per position
        int BT = B * T, L = Config.Layers, th = _threads;
        if (withLoss) CheckTargets(targets, BT, V);
        ids.CopyTo(_ids);
        if (withLoss) targets.CopyTo(_targets);
        _b = B;
        _t = T;
        _hasTargets = withLoss;
        _extraLoss = null;
        int fixedHeads = Config.FixedHeads;
        var p = Parameters;
        var a = _acts;
        float eps = Config.LayerNormEps;

        EmbeddingForward(a.Encoded.Span, ids, p.Wte.Span, p.Wpe.Span, B, T, C);
        EmbeddingLayerNormForward(BT, th);
        for (int l = 0; l < L; l++)
        {
            int pl = Config.ParameterLayer(l);                // parameter block (0 for every l when shared)
            var residual = l == 0 ? EmbeddingOutput(a, BT) : BlockOutput(a, l - 1, BT); // [B,T,C] block input
            var ln1 = Slab(a.Ln1, l, BT, C);                  // [B,T,C]
            var qkv = Slab(a.Qkv, l, BT, 3 * C);              // [B,T,3C]
            var atty = Slab(a.Atty, l, BT, C);                // [B,T,C]
            var att = Slab(a.Att, l, B * NH * T, T);          // [B,NH,T,T]
            var attproj = Slab(a.AttProj, l, BT, C);          // [B,T,C]
            var residual2 = Slab(a.Residual2, l, BT, C);      // [B,T,C]
            LayerNormForward(ln1, Slab(a.Ln1Mean, l, BT, 1), Slab(a.Ln1Rstd, l, BT, 1), residual, p.Ln1w.Layer(pl), p.Ln1b.Layer(pl), BT, C, eps, th);
            LinearForward(qkv, ln1, p.Qkvw.Layer(pl), p.Qkvb.Layer(pl), BT, C, 3 * C, th);
            if (_fixedMaps is not null)
            {
                WriteFixedMaps(_fixedMaps, att, ids, B, T);
                FixedAttentionForward(atty, att, qkv, B, T, C, NH, fixedHeads);
            }
            AttentionForward(atty, att, qkv, B, T, C, NH, Config.Causal, th, firstHead: fixedHeads);
            AttentionWork?.AddForward(Config, B, T, firstLearned: fixedHeads);
            LinearForward(attproj, atty, p.AttProjw.Layer(pl), p.AttProjb.Layer(pl), BT, C, C, th);
            ResidualForward(residual2, residual, attproj, BT * C, th);
            if (!Config.UseMlp) continue;
            var ln2 = Slab(a.Ln2, l, BT, C);                  // [B,T,C]
            var fch = Slab(a.Fch, l, BT, H);                  // [B,T,4C]
            var fchGelu = Slab(a.FchGelu, l, BT, H);          // [B,T,4C]
            var fcproj = Slab(a.FcProj, l, BT, C);            // [B,T,C]
            var residual3 = Slab(a.Residual3, l, BT, C);      // [B,T,C] block output
            LayerNormForward(ln2, Slab(a.Ln2Mean, l, BT, 1), Slab(a.Ln2Rstd, l, BT, 1), residual2, p.Ln2w.Layer(pl), p.Ln2b.Layer(pl), BT, C, eps, th);
            LinearForward(fch, ln2, p.Fcw.Layer(pl), p.Fcb.Layer(pl), BT, C, H, th);
            GeluForward(fchGelu, fch, BT * H, th);
            LinearForward(fcproj, fchGelu, p.FcProjw.Layer(pl), p.FcProjb.Layer(pl), BT, H, C, th);
            ResidualForward(residual3, residual2, fcproj, BT * C, th);
        }
        var last = BlockOutput(a, L - 1, BT); // [B,T,C] residual stream after the last block
        var final = last;                     // [B,T,C] input of the lm head
        if (Config.FinalLayerNorm)
        {
            final = a.Lnf.Slice(0, BT * C);
            LayerNormForward(final, a.LnfMean.Span, a.LnfRstd.Span, last, p.Lnfw.Span, p.Lnfb.Span, BT, C, eps, th);
        }
        var logits = a.Logits.Slice(0, BT * V);               // [B,T,V]
        LinearForward(logits, final, p.LmHeadw.Span, p.LmHeadb.Span, BT, C, V, th); // bias empty unless classifier
        if (!withLoss) return float.NaN;
        return CrossEntropyForward(a.Losses.Span, a.Probs.Span, logits, targets, BT, V, th);
    }

    /// <summary>
    /// Accumulates into <see cref="Gradients"/> the gradient of the loss of the last forward with
    /// targets and/or attention targets: the forward's steps in exact reverse order. Call
    /// <see cref="ZeroGrad"/> first unless accumulating over batches.
    /// Activation gradients are not zeroed up front: the first kernel to write each one overwrites it
    /// (<see cref="GradientWrite.Overwrite"/>: the bits += into zeros would give), later ones accumulate.
    /// </summary>
    public void Backward()
    {
        if (!_hasTargets && _extraLoss is null)
            throw new InvalidOperationException("Backward needs a preceding Forward with targets or attention targets (the last forward computed no loss).");
        int B = _b, T = _t, V = Config.OutputWidth, C = Config.Channels, NH = Config.Heads, H = Config.MlpChannels;
        int BT = B * T, L = Config.Layers, th = _threads;
        const GradientWrite First = GradientWrite.Overwrite; // this call is the buffer's first writer
        var p = Parameters;
        var g = Gradients;
        var a = _acts;
        var d = _gradActs ??= new GptActivations(Config, MaxBatch, forGradients: true);

        var dlogits = d.Logits.Slice(0, BT * V);              // [B,T,V]
        var last = BlockOutput(a, L - 1, BT);
        var dlast = BlockOutput(d, L - 1, BT);                // [B,T,C] gradient of the last block's output
        if (_hasTargets)
        {
            CrossEntropyBackward(dlogits, a.Probs.Span, _targets.AsSpan(0, BT), BT, V, th, First);
            if (Config.FinalLayerNorm)
            {
                var dlnf = d.Lnf.Slice(0, BT * C);
                LinearBackward(dlnf, g.LmHeadw.Span, g.LmHeadb.Span, dlogits, a.Lnf.Slice(0, BT * C), p.LmHeadw.Span, BT, C, V, th, First);
                LayerNormBackward(dlast, g.Lnfw.Span, g.Lnfb.Span, dlnf, last, p.Lnfw.Span, a.LnfMean.Span, a.LnfRstd.Span, BT, C, th, First);
            }
            else
            {
                LinearBackward(dlast, g.LmHeadw.Span, g.LmHeadb.Span, dlogits, last, p.LmHeadw.Span, BT, C, V, th, First);
            }
        }
        else
        {
            GptActivations.Clear(dlast, th);                  // only attention targets set the loss: no gradient arrives from the head
        }
        for (int l = L - 1; l >= 0; l--) // the layer loop of Run, backwards, each line inverted
        {
            int pl = Config.ParameterLayer(l); // shared blocks: every application accumulates into block 0
            var residual = l == 0 ? EmbeddingOutput(a, BT) : BlockOutput(a, l - 1, BT);
            var dresidual = l == 0 ? EmbeddingOutput(d, BT) : BlockOutput(d, l - 1, BT);
            var residual2 = Slab(a.Residual2, l, BT, C);
            var dresidual2 = Slab(d.Residual2, l, BT, C);
            if (Config.UseMlp)
            {
                var dln2 = Slab(d.Ln2, l, BT, C);
                var dfch = Slab(d.Fch, l, BT, H);
                var dfchGelu = Slab(d.FchGelu, l, BT, H);
                var dfcproj = Slab(d.FcProj, l, BT, C);
                ResidualBackward(dresidual2, dfcproj, Slab(d.Residual3, l, BT, C), BT * C, th, First);
                LinearBackward(dfchGelu, g.FcProjw.Layer(pl), g.FcProjb.Layer(pl), dfcproj, Slab(a.FchGelu, l, BT, H), p.FcProjw.Layer(pl), BT, H, C, th, First);
                GeluBackward(dfch, Slab(a.Fch, l, BT, H), dfchGelu, BT * H, th, First);
                LinearBackward(dln2, g.Fcw.Layer(pl), g.Fcb.Layer(pl), dfch, Slab(a.Ln2, l, BT, C), p.Fcw.Layer(pl), BT, C, H, th, First);
                LayerNormBackward(dresidual2, g.Ln2w.Layer(pl), g.Ln2b.Layer(pl), dln2, residual2, p.Ln2w.Layer(pl), Slab(a.Ln2Mean, l, BT, 1), Slab(a.Ln2Rstd, l, BT, 1), BT, C, th);
            }
            var dattproj = Slab(d.AttProj, l, BT, C);
            var datty = Slab(d.Atty, l, BT, C);
            var dqkv = Slab(d.Qkv, l, BT, 3 * C);
            var dln1 = Slab(d.Ln1, l, BT, C);
            // Without an MLP, dresidual2 is the block output's gradient (dlast, or what layer l + 1 wrote as its dresidual).
            ResidualBackward(dresidual, dattproj, dresidual2, BT * C, th, First);
            LinearBackward(datty, g.AttProjw.Layer(pl), g.AttProjb.Layer(pl), dattproj, Slab(a.Atty, l, BT, C), p.AttProjw.Layer(pl), BT, C, C, th, First);
            var att = Slab(a.Att, l, B * NH * T, T);
            // Hard-coded heads' q and k columns get no gradient and their v columns are accumulated
            // below, so with them the whole slab is zeroed; otherwise each head's worker zeroes its own columns.
            if (Config.FixedHeads > 0) GptActivations.Clear(dqkv, th);
            AttentionBackward(dqkv, datty, Slab(a.Qkv, l, BT, 3 * C), att, B, T, C, NH, Config.Causal, th, firstHead: Config.FixedHeads,
                Config.FixedHeads > 0 ? GradientWrite.Accumulate : First);
            AttentionWork?.AddBackward(Config, B, T, firstLearned: Config.FixedHeads);
            if (Config.FixedHeads > 0) FixedAttentionBackward(dqkv, datty, att, B, T, C, NH, Config.FixedHeads);
            _extraLoss?.Backward(this, l, dqkv, Slab(a.Qkv, l, BT, 3 * C), att);
            LinearBackward(dln1, g.Qkvw.Layer(pl), g.Qkvb.Layer(pl), dqkv, Slab(a.Ln1, l, BT, C), p.Qkvw.Layer(pl), BT, C, 3 * C, th, First);
            LayerNormBackward(dresidual, g.Ln1w.Layer(pl), g.Ln1b.Layer(pl), dln1, residual, p.Ln1w.Layer(pl), Slab(a.Ln1Mean, l, BT, 1), Slab(a.Ln1Rstd, l, BT, 1), BT, C, th);
        }
        EmbeddingLayerNormBackward(g, d, BT, th);
        EmbeddingBackward(g.Wte.Span, g.Wpe.Span, d.Encoded.Slice(0, BT * C), _ids.AsSpan(0, BT), B, T, C);
    }

    /// <summary>The embedding LayerNorm's forward, its own step after the embedding (no-op unless
    /// Config.EmbeddingLayerNorm): lne = LayerNorm(encoded) over the leading BT rows.</summary>
    private void EmbeddingLayerNormForward(int bt, int threads)
    {
        if (!Config.EmbeddingLayerNorm) return;
        int c = Config.Channels;
        var (a, p) = (_acts, Parameters);
        LayerNormForward(a.Lne.Slice(0, bt * c), a.LneMean.Slice(0, bt), a.LneRstd.Slice(0, bt), a.Encoded.Slice(0, bt * c),
            p.Lnew.Span, p.Lneb.Span, bt, c, Config.LayerNormEps, threads);
    }

    /// <summary>Backward of <see cref="EmbeddingLayerNormForward"/>: writes dencoded (its first writer)
    /// and accumulates dlnew, dlneb from dlne (no-op unless Config.EmbeddingLayerNorm).</summary>
    private void EmbeddingLayerNormBackward(GptParameters g, GptActivations d, int bt, int threads)
    {
        if (!Config.EmbeddingLayerNorm) return;
        int c = Config.Channels;
        var a = _acts;
        LayerNormBackward(d.Encoded.Slice(0, bt * c), g.Lnew.Span, g.Lneb.Span, d.Lne.Slice(0, bt * c), a.Encoded.Slice(0, bt * c),
            Parameters.Lnew.Span, a.LneMean.Slice(0, bt), a.LneRstd.Slice(0, bt), bt, c, threads, GradientWrite.Overwrite);
    }

    /// <summary>The input of block 0: [B,T,C] lne when Config.EmbeddingLayerNorm, else encoded.</summary>
    private Span<float> EmbeddingOutput(GptActivations acts, int bt) =>
        Config.EmbeddingLayerNorm ? acts.Lne.Slice(0, bt * Config.Channels) : acts.Encoded.Slice(0, bt * Config.Channels);

    /// <summary>Writes the hard-coded maps of heads 0…FixedHeads−1 into att [B,NH,T,T] (one layer's slab).</summary>
    private void WriteFixedMaps(IAttentionMapProvider maps, Span<float> att, ReadOnlySpan<int> ids, int B, int T)
    {
        int NH = Config.Heads, tt = T * T;
        for (int b = 0; b < B; b++)
            for (int h = 0; h < Config.FixedHeads; h++)
                maps.Fill(h, ids.Slice(b * T, T), att.Slice((b * NH + h) * tt, tt));
    }

    /// <summary>The residual stream leaving block l: [B,T,C] (residual3, or residual2 without MLP).</summary>
    private Span<float> BlockOutput(GptActivations acts, int l, int bt)
    {
        int c = Config.Channels;
        return Config.UseMlp ? acts.Residual3.Slice(l * bt * c, bt * c) : acts.Residual2.Slice(l * bt * c, bt * c);
    }

    private void CheckInputs(ReadOnlySpan<int> ids, int batch, int sequence, bool allowLargeBatch)
    {
        if (batch <= 0 || (!allowLargeBatch && batch > MaxBatch))
            throw new ArgumentOutOfRangeException(nameof(batch), batch,
                allowLargeBatch ? "batch must be positive." : $"batch must be in [1, MaxBatch = {MaxBatch}]; create the model with a larger maxBatch.");
        if (sequence <= 0 || sequence > Config.ContextLength)
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence,
                $"sequence length must be in [1, ContextLength = {Config.ContextLength}].");
        if (ids.Length != batch * sequence)
            throw new ArgumentException($"ids must hold B·T = {batch * sequence} token ids, got {ids.Length}.", nameof(ids));
        int v = Config.VocabSize;
        for (int i = 0; i < ids.Length; i++)
            if ((uint)ids[i] >= (uint)v)
                throw new ArgumentOutOfRangeException(nameof(ids), ids[i],
                    $"token id at row {i / sequence}, position {i % sequence} is {ids[i]}; ids must be in [0, VocabSize = {v}).");
    }

    /// <summary>Slice l of an activation stacked over layers with rows × width floats per layer.</summary>
    private static Span<float> Slab(TensorView tensor, int l, int rows, int width) => tensor.Slice(l * rows * width, rows * width);

    private void CheckLayer(int layer)
    {
        if ((uint)layer >= (uint)Config.Layers)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {Config.Layers}).");
    }

    private static void CheckTargets(ReadOnlySpan<int> targets, int bt, int v)
    {
        if (targets.Length != bt)
            throw new ArgumentException($"targets must hold B·T = {bt} ids, got {targets.Length}.", nameof(targets));
        for (int i = 0; i < bt; i++)
            if (targets[i] < -1 || targets[i] >= v)
                throw new ArgumentOutOfRangeException(nameof(targets), targets[i],
                    $"target at index {i} is {targets[i]}; targets must be −1 (ignored) or in [0, {v}) (the head's logits per position).");
    }
}
