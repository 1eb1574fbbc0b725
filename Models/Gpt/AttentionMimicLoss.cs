using static GraphNav.Models.Kernels.Ops;

namespace GraphNav.Models.Gpt;

/// <summary>
/// Attention mimicking (docs/PHENOMENA.md, B3): <c>weight</c> · the mean over every query row of every
/// target head of KL(target ‖ att). In the backward the KL enters the pre-softmax scores as
/// weight·(att − target)/rows and flows through q and k into the layers below. Target heads must not
/// be hard-coded (<see cref="GptConfig.FixedHeads"/>). Holds its [P,B,T,T] target buffer between the
/// forward and the backward, so one instance serves one model at a time (reuse it across steps).
/// </summary>
public sealed class AttentionMimicLoss : IAttentionLoss
{
    private readonly IAttentionTargets _targets;
    private readonly float _weight;
    private float[] _maps = [];   // [P,B,T,T] target maps of the last forward, P = target heads
    private int _b, _t;           // B, T of the last forward

    /// <summary>Mimicking toward <paramref name="targets"/> with loss weight <paramref name="weight"/>.</summary>
    /// <exception cref="ArgumentException">The weight is negative or not finite.</exception>
    public AttentionMimicLoss(IAttentionTargets targets, float weight = 1f)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (!(weight >= 0) || float.IsInfinity(weight))
            throw new ArgumentException($"The attention loss weight must be a finite number ≥ 0, got {weight}.", nameof(weight));
        _targets = targets;
        _weight = weight;
    }

    /// <inheritdoc />
    public void Check(GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var heads = _targets.Heads;
        for (int i = 0; i < heads.Count; i++)
        {
            var h = heads[i];
            if ((uint)h.Layer >= (uint)config.Layers || (uint)h.Head >= (uint)config.Heads)
                throw new ArgumentException($"Attention target {h} is outside the model's {config.Layers} layers × {config.Heads} heads.");
            if (h.Head < config.FixedHeads)
                throw new ArgumentException($"Attention target {h} is a hard-coded head (FixedHeads = {config.FixedHeads}); its map cannot be trained.");
            for (int j = 0; j < i; j++)
                if (heads[j] == h) throw new ArgumentException($"Attention target {h} is listed twice.");
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A target row is not row-stochastic.</exception>
    public float Forward(GptModel model, ReadOnlySpan<int> ids, int batch, int sequence)
    {
        ArgumentNullException.ThrowIfNull(model);
        var heads = _targets.Heads;
        var config = model.Config;
        int n = batch * sequence * sequence; // floats of one head's [B,T,T] targets
        int capacity = heads.Count * model.MaxBatch * config.ContextLength * config.ContextLength;
        if (_maps.Length < capacity) _maps = new float[capacity];
        double kl = 0;
        for (int i = 0; i < heads.Count; i++)
        {
            var maps = _maps.AsSpan(i * n, n);
            _targets.Fill(heads[i], ids, batch, sequence, maps);
            CheckStochastic(maps, heads[i], sequence);
            kl += AttentionKlForward(model.LastAttention(heads[i].Layer), maps, batch, sequence, config.Heads, heads[i].Head);
        }
        _b = batch;
        _t = sequence;
        return heads.Count == 0 ? 0 : (float)(_weight * kl / ((long)heads.Count * batch * sequence));
    }

    /// <inheritdoc />
    public void Backward(GptModel model, int layer, Span<float> dqkv, ReadOnlySpan<float> qkv, ReadOnlySpan<float> att)
    {
        ArgumentNullException.ThrowIfNull(model);
        var heads = _targets.Heads;
        var config = model.Config;
        int n = _b * _t * _t;
        float rowScale = _weight / ((long)heads.Count * _b * _t);
        for (int i = 0; i < heads.Count; i++)
        {
            if (heads[i].Layer != layer) continue;
            AttentionKlBackward(dqkv, qkv, att, _maps.AsSpan(i * n, n), _b, _t, config.Channels, config.Heads,
                heads[i].Head, config.Causal, rowScale);
        }
    }

    private static void CheckStochastic(ReadOnlySpan<float> maps, AttentionHead head, int T)
    {
        for (int r = 0; r < maps.Length / T; r++)
        {
            var row = maps.Slice(r * T, T);
            double sum = 0;
            foreach (float x in row)
            {
                if (!(x >= 0) || float.IsInfinity(x))
                    throw new ArgumentException($"Attention target of {head}, row {r}: entries must be finite and ≥ 0, got {x}.");
                sum += x;
            }
            if (Math.Abs(sum - 1) > 1e-4)
                throw new ArgumentException($"Attention target of {head}, row {r} (batch row {r / T}, query {r % T}) sums to {sum}, not 1.");
        }
    }
}
