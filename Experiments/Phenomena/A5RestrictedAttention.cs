using GraphNav.Models;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Formats;

namespace GraphNav.Experiments.Phenomena;

/// <summary>Which positions a decision position of <see cref="A5RestrictedAttention"/> may attend to.</summary>
public enum A5AttentionRestriction
{
    /// <summary>Every position up to itself (the causal mask only): the control is the model.</summary>
    AllPositions,

    /// <summary>
    /// Only the positions holding the goal token or the current node's token, the model's own
    /// attention weights renormalised over them (issue #18's control).
    /// </summary>
    GoalAndCurrent,
}

/// <summary>
/// A5's restricted-attention control (issue #18): the 1-layer, 1-head attention-only model's own
/// forward, written out over a copy of its parameters, with one change — position t's attention
/// weights are set to zero outside the goal token's and the current node's positions and
/// renormalised over those (a softmax over the kept scores is exactly that renormalisation).
/// Everything else is the model's: token + position embeddings (and the embedding LayerNorm when
/// the model has one), ln1, the q/k/v projections with their biases, 1/√C scaling, W_O with its
/// bias, the residual, the final LayerNorm and the head. With <see cref="A5AttentionRestriction.AllPositions"/>
/// it reproduces the engine's logits (up to float rounding; the control computes in double).
/// <para>
/// Written here rather than as a hook in the engine's forward so that the engine (and its speed
/// work) is untouched: the model has a single block without MLP, so its forward is short.
/// </para>
/// <para>
/// The prompt is <c>goal start :</c> (<see cref="GraphEncoding"/>): the goal token is ids[0]. The
/// current node of position t ≥ <see cref="GraphEncoding.PromptLength"/> is the token at t (the
/// last node emitted); at the colon, whose next token is the start node, it is the start node
/// (ids[1]); the rows of positions 0 and 1 predict nothing the walk uses. Every position holding
/// either token is kept (the start node appears twice while it is current), as
/// <see cref="A5Metrics.AttentionOnTokens"/> sums them. Position 0 always holds the goal, so a row
/// never loses every weight. In a 1-layer model a row's restriction changes that position's output
/// only, so restricting every row is the same as restricting the decision row.
/// </para>
/// Not thread-safe (scratch buffers are shared); one instance per model and thread.
/// </summary>
public sealed class A5RestrictedAttention : ITokenModel
{
    private readonly int _c, _v, _maxT;
    private readonly float _eps;
    private readonly bool _finalLayerNorm, _embeddingLayerNorm;
    private readonly double[] _wte, _wpe, _head;                 // [V,C], [maxT,C], head [V,C] (= wte when tied)
    private readonly double[] _lnew, _lneb, _ln1w, _ln1b, _lnfw, _lnfb; // [C] each (empty when absent)
    private readonly double[] _qkvw, _qkvb, _wo, _bo;            // [3C,C], [3C], [C,C], [C]
    private readonly double[] _x, _ln, _qkv, _scores, _y, _r;   // scratch for one row

    /// <summary>Copies the parameters of <paramref name="model"/> (later changes to the model are not seen).</summary>
    /// <exception cref="ArgumentException">The model is not a causal 1-layer, 1-head decoder without MLP and with a vocabulary head.</exception>
    public A5RestrictedAttention(GptModel model, A5AttentionRestriction restriction)
    {
        ArgumentNullException.ThrowIfNull(model);
        var config = model.Config;
        if (A5SuccessorScores.ShapeProblem(config.Layers, config.Heads, !config.UseMlp) is { } shape)
            throw new ArgumentException(shape, nameof(model));
        if (!config.Causal || config.FixedHeads > 0 || config.HasClassifierHead)
            throw new ArgumentException("The restricted-attention control needs a causal decoder with learned attention and a vocabulary head.", nameof(model));
        if (!Enum.IsDefined(restriction))
            throw new ArgumentOutOfRangeException(nameof(restriction), restriction, "Unknown attention restriction.");
        Restriction = restriction;
        _c = config.Channels;
        _v = config.VocabSize;
        _maxT = config.ContextLength;
        _eps = config.LayerNormEps;
        _finalLayerNorm = config.FinalLayerNorm;
        _embeddingLayerNorm = config.EmbeddingLayerNorm;
        var p = model.Parameters;
        _wte = Copy(p.Wte.Span);
        _wpe = Copy(p.Wpe.Span);
        _head = config.TiedHead ? _wte : Copy(p.LmHeadw.Span);
        _lnew = Copy(p.Lnew.Span);
        _lneb = Copy(p.Lneb.Span);
        _ln1w = Copy(p.Ln1w.Layer(0));
        _ln1b = Copy(p.Ln1b.Layer(0));
        _lnfw = Copy(p.Lnfw.Span);
        _lnfb = Copy(p.Lnfb.Span);
        _qkvw = Copy(p.Qkvw.Layer(0));
        _qkvb = Copy(p.Qkvb.Layer(0));
        _wo = Copy(p.AttProjw.Layer(0));
        _bo = Copy(p.AttProjb.Layer(0));
        _x = new double[_maxT * _c];
        _ln = new double[_maxT * _c];
        _qkv = new double[_maxT * 3 * _c];
        _scores = new double[_maxT];
        _y = new double[_c];
        _r = new double[_c];
    }

    /// <summary>The positions a row may attend to.</summary>
    public A5AttentionRestriction Restriction { get; }

    /// <inheritdoc />
    public int VocabSize => _v;

    /// <inheritdoc />
    public int? ContextLength => _maxT;

    /// <inheritdoc />
    public void Logits(ReadOnlySpan<int> ids, int batch, int sequence, Span<float> logits)
    {
        CheckInputs(ids, batch, sequence);
        if (logits.Length != batch * sequence * _v)
            throw new ArgumentException($"logits must hold B·T·V = {batch * sequence * _v} floats, got {logits.Length}.", nameof(logits));
        var row = new double[_v];
        for (int b = 0; b < batch; b++)
        {
            var rowIds = ids.Slice(b * sequence, sequence);
            Embed(rowIds);
            for (int t = 0; t < sequence; t++)
            {
                PositionLogits(rowIds, t, row);
                var destination = logits.Slice((b * sequence + t) * _v, _v);
                for (int i = 0; i < _v; i++) destination[i] = (float)row[i];
            }
        }
    }

    /// <summary>Logits [V] of the last position of one sequence (the decision of the next token), in double.</summary>
    public void LastLogits(ReadOnlySpan<int> ids, Span<double> logits)
    {
        CheckInputs(ids, 1, ids.Length);
        if (logits.Length != _v)
            throw new ArgumentException($"logits must hold V = {_v} values, got {logits.Length}.", nameof(logits));
        Embed(ids);
        PositionLogits(ids, ids.Length - 1, logits);
    }

    /// <summary>
    /// Whether position <paramref name="t"/> may attend to position <paramref name="j"/> ≤ t of
    /// <paramref name="ids"/> under <paramref name="restriction"/> (see the class remarks for the
    /// goal and current tokens of a row).
    /// </summary>
    public static bool Keeps(A5AttentionRestriction restriction, ReadOnlySpan<int> ids, int t, int j)
    {
        if ((uint)t >= (uint)ids.Length || (uint)j > (uint)t)
            throw new ArgumentOutOfRangeException(nameof(j), j, $"Need 0 ≤ j ≤ t < {ids.Length}; got j = {j}, t = {t}.");
        if (restriction == A5AttentionRestriction.AllPositions) return true;
        int goal = ids[0];
        int current = t >= GraphEncoding.PromptLength ? ids[t] : ids[Math.Min(t, 1)];
        return ids[j] == goal || ids[j] == current;
    }

    /// <summary>Residual stream entering the block and q|k|v for every position of one row.</summary>
    private void Embed(ReadOnlySpan<int> ids)
    {
        int c = _c;
        for (int t = 0; t < ids.Length; t++)
        {
            var x = _x.AsSpan(t * c, c);
            for (int i = 0; i < c; i++) x[i] = _wte[ids[t] * c + i] + _wpe[t * c + i];
            if (_embeddingLayerNorm) LayerNorm(x, x, _lnew, _lneb);
            var h = _ln.AsSpan(t * c, c);
            LayerNorm(h, x, _ln1w, _ln1b);
            Linear(_qkv.AsSpan(t * 3 * c, 3 * c), h, _qkvw, _qkvb);
        }
    }

    /// <summary>Logits [V] of position t, after <see cref="Embed"/> of its row.</summary>
    private void PositionLogits(ReadOnlySpan<int> ids, int t, Span<double> logits)
    {
        int c = _c;
        var q = _qkv.AsSpan(t * 3 * c, c);
        double scale = 1 / Math.Sqrt(c); // one head: head size = C
        double max = double.NegativeInfinity;
        for (int j = 0; j <= t; j++)
        {
            if (!Keeps(Restriction, ids, t, j)) { _scores[j] = double.NegativeInfinity; continue; }
            _scores[j] = Dot(q, _qkv.AsSpan(j * 3 * c + c, c)) * scale;
            max = Math.Max(max, _scores[j]);
        }
        double sum = 0;
        for (int j = 0; j <= t; j++)
        {
            _scores[j] = double.IsNegativeInfinity(_scores[j]) ? 0 : Math.Exp(_scores[j] - max);
            sum += _scores[j];
        }
        Array.Clear(_y);
        for (int j = 0; j <= t; j++)
        {
            if (_scores[j] == 0) continue;
            double a = _scores[j] / sum;
            var v = _qkv.AsSpan(j * 3 * c + 2 * c, c);
            for (int i = 0; i < c; i++) _y[i] += a * v[i];
        }
        Linear(_r, _y, _wo, _bo);
        var x = _x.AsSpan(t * c, c);
        for (int i = 0; i < c; i++) _r[i] += x[i];
        if (_finalLayerNorm) LayerNorm(_r, _r, _lnfw, _lnfb);
        for (int k = 0; k < _v; k++) logits[k] = Dot(_r, _head.AsSpan(k * c, c));
    }

    /// <summary>torch.nn.LayerNorm: (x − mean)/√(var + ε)·w + b with the biased variance; output may alias input.</summary>
    private void LayerNorm(Span<double> output, ReadOnlySpan<double> input, double[] weight, double[] bias)
    {
        int c = input.Length;
        double mean = 0;
        for (int i = 0; i < c; i++) mean += input[i];
        mean /= c;
        double variance = 0;
        for (int i = 0; i < c; i++) variance += (input[i] - mean) * (input[i] - mean);
        double rstd = 1 / Math.Sqrt(variance / c + _eps);
        for (int i = 0; i < c; i++) output[i] = (input[i] - mean) * rstd * weight[i] + bias[i];
    }

    /// <summary>output = W·input + bias, W [output.Length, input.Length] row-major.</summary>
    private static void Linear(Span<double> output, ReadOnlySpan<double> input, double[] weight, double[] bias)
    {
        int n = input.Length;
        for (int o = 0; o < output.Length; o++) output[o] = Dot(input, weight.AsSpan(o * n, n)) + bias[o];
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double[] Copy(ReadOnlySpan<float> source)
    {
        var copy = new double[source.Length];
        for (int i = 0; i < source.Length; i++) copy[i] = source[i];
        return copy;
    }

    private void CheckInputs(ReadOnlySpan<int> ids, int batch, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (sequence < 1 || sequence > _maxT)
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, $"sequence length must be in [1, ContextLength = {_maxT}].");
        if (ids.Length != batch * sequence)
            throw new ArgumentException($"ids must hold B·T = {batch * sequence} token ids, got {ids.Length}.", nameof(ids));
        foreach (int id in ids)
            if ((uint)id >= (uint)_v)
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"token ids must be in [0, VocabSize = {_v}).");
    }
}
