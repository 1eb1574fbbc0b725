using GraphNav.Models.Gpt;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GraphNav.Torch;

/// <summary>
/// The engine's transformer (<see cref="GptModel"/>) as a TorchSharp module: same
/// <see cref="GptConfig"/>, same parameter names and shapes (per-layer tensors stacked over a
/// leading layer dimension, 1 when <see cref="GptConfig.ShareLayers"/>), same architecture —
/// decoder or bidirectional encoder, vocabulary or classifier head, optional embedding LayerNorm,
/// MLP and final LayerNorm, hard-coded heads (<see cref="GptConfig.FixedHeads"/>). Autograd supplies the
/// backward. Parameters are copied in from and out to the engine's <see cref="GptParameters"/>, so a
/// model trained here is saved, exported and evaluated by the engine's own code.
/// </summary>
public sealed class TorchGpt : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _wte, _wpe, _ln1w, _ln1b, _qkvw, _qkvb, _attprojw, _attprojb;
    private readonly Parameter? _lnew, _lneb, _ln2w, _ln2b, _fcw, _fcb, _fcprojw, _fcprojb, _lnfw, _lnfb, _lmheadw, _lmheadb;
    private readonly Tensor? _causalMask; // [T,T] true above the diagonal (keys after the query)

    static TorchGpt() => TorchRuntime.Initialize(); // before the base constructor loads libtorch

    /// <summary>Creates the module with zeroed parameters on <paramref name="device"/>; fill them with <see cref="CopyFrom"/>.</summary>
    public TorchGpt(GptConfig config, Device? device = null) : base("TorchGpt")
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validated();
        Device = device ?? CPU;
        var shapes = new GptParameters(config).All.ToDictionary(t => t.Name, t => t.Shape.Select(d => (long)d).ToArray());
        Parameter Make(string name) => new(zeros(shapes[name], ScalarType.Float32, Device));
        Parameter? Maybe(string name) => shapes.ContainsKey(name) ? Make(name) : null;
        _wte = Make("wte"); _wpe = Make("wpe"); _lnew = Maybe("lnew"); _lneb = Maybe("lneb");
        _ln1w = Make("ln1w"); _ln1b = Make("ln1b"); _qkvw = Make("qkvw"); _qkvb = Make("qkvb");
        _attprojw = Make("attprojw"); _attprojb = Make("attprojb");
        _ln2w = Maybe("ln2w"); _ln2b = Maybe("ln2b"); _fcw = Maybe("fcw"); _fcb = Maybe("fcb");
        _fcprojw = Maybe("fcprojw"); _fcprojb = Maybe("fcprojb");
        _lnfw = Maybe("lnfw"); _lnfb = Maybe("lnfb"); _lmheadw = Maybe("lmheadw"); _lmheadb = Maybe("lmheadb");
        foreach (var (name, parameter) in Named())
            register_parameter(name, parameter);
        if (config.Causal)
        {
            long t = config.ContextLength;
            _causalMask = ones(t, t, ScalarType.Bool, Device).triu(1);
            register_buffer("causal_mask", _causalMask, persistent: false);
        }
    }

    /// <summary>The model's shape.</summary>
    public GptConfig Config { get; }

    /// <summary>Where the parameters live (CPU, or a CUDA device).</summary>
    public Device Device { get; }

    /// <summary>Every parameter with its engine name, in the engine's canonical order.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> Named()
    {
        (string, Parameter?)[] all =
        [
            ("wte", _wte), ("wpe", _wpe), ("lnew", _lnew), ("lneb", _lneb), ("ln1w", _ln1w), ("ln1b", _ln1b), ("qkvw", _qkvw), ("qkvb", _qkvb),
            ("attprojw", _attprojw), ("attprojb", _attprojb), ("ln2w", _ln2w), ("ln2b", _ln2b), ("fcw", _fcw), ("fcb", _fcb),
            ("fcprojw", _fcprojw), ("fcprojb", _fcprojb), ("lnfw", _lnfw), ("lnfb", _lnfb), ("lmheadw", _lmheadw), ("lmheadb", _lmheadb),
        ];
        foreach (var (name, parameter) in all)
            if (parameter is not null) yield return (name, parameter);
    }

    /// <summary>Overwrites every parameter with the engine's values (e.g. its seed-determined initialisation).</summary>
    public void CopyFrom(GptParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in Named())
        {
            var source = parameters.Find(name) ?? throw new ArgumentException($"The engine parameters have no tensor '{name}'.", nameof(parameters));
            using var values = tensor(source.Span.ToArray(), parameter.shape, ScalarType.Float32);
            parameter.copy_(values);
        }
    }

    /// <summary>Writes every parameter into the engine's tensors of the same names.</summary>
    public void CopyTo(GptParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in Named())
        {
            var destination = parameters.Find(name) ?? throw new ArgumentException($"The engine parameters have no tensor '{name}'.", nameof(parameters));
            parameter.detach().cpu().contiguous().data<float>().CopyTo(destination.Span);
        }
    }

    /// <summary>Logits [B,T,O] for ids [B,T] (int64 on <see cref="Device"/>).</summary>
    public override Tensor forward(Tensor input) => Run(input, null);

    /// <summary>Logits [B,T,O]; when <paramref name="attention"/> is given, it receives every layer's
    /// attention probabilities [B,NH,T,T] (the caller disposes them, e.g. through a dispose scope).</summary>
    public Tensor Run(Tensor ids, List<Tensor>? attention)
    {
        ArgumentNullException.ThrowIfNull(ids);
        long b = ids.shape[0], t = ids.shape[1];
        int c = Config.Channels, nh = Config.Heads, hs = Config.HeadSize, k = Config.FixedHeads;
        double scale = 1.0 / Math.Sqrt(hs);
        using var positions = arange(t, ScalarType.Int64, ids.device);
        using var flatIds = ids.reshape(-1);
        var x = _wte.index_select(0, flatIds).view(b, t, c) + _wpe.index_select(0, positions); // [B,T,C]
        if (Config.EmbeddingLayerNorm) x = F.layer_norm(x, [c], _lnew!, _lneb!, Config.LayerNormEps); // BERT's embedding LayerNorm
        using var fixedMaps = k > 0 ? FixedMaps(ids, k) : null;         // [B,k,T,T]
        using var mask = _causalMask is null ? null : _causalMask.narrow(0, 0, t).narrow(1, 0, t);
        for (int l = 0; l < Config.Layers; l++)
        {
            int pl = Config.ParameterLayer(l);
            var h = F.layer_norm(x, [c], _ln1w[pl], _ln1b[pl], Config.LayerNormEps);
            var qkv = F.linear(h, _qkvw[pl], _qkvb[pl]);                       // [B,T,3C]
            var parts = qkv.view(b, t, 3, nh, hs).permute(2, 0, 3, 1, 4);        // [3,B,NH,T,HS]
            Tensor q = parts[0], key = parts[1], v = parts[2];
            var scores = q.matmul(key.transpose(-2, -1)) * scale;               // [B,NH,T,T]
            if (mask is not null) scores = scores.masked_fill(mask, double.NegativeInfinity);
            var att = F.softmax(scores, -1);
            if (fixedMaps is not null)
                att = k == nh ? fixedMaps.clone() : cat([fixedMaps, att.narrow(1, k, nh - k)], 1);
            attention?.Add(att);
            var y = att.matmul(v).transpose(1, 2).reshape(b, t, c);            // heads concatenated
            x = x + F.linear(y, _attprojw[pl], _attprojb[pl]);
            if (!Config.UseMlp) continue;
            var h2 = F.layer_norm(x, [c], _ln2w![pl], _ln2b![pl], Config.LayerNormEps);
            x = x + F.linear(F.gelu(F.linear(h2, _fcw![pl], _fcb![pl])), _fcprojw![pl], _fcprojb![pl]);
        }
        if (Config.FinalLayerNorm) x = F.layer_norm(x, [c], _lnfw!, _lnfb!, Config.LayerNormEps);
        return F.linear(x, _lmheadw ?? _wte, _lmheadb);
    }

    /// <summary>The hard-coded maps of heads 0…k−1 for ids [B,T] (<see cref="FixedAttentionMaps"/>), [B,k,T,T].</summary>
    private Tensor FixedMaps(Tensor ids, int k)
    {
        long b = ids.shape[0], t = ids.shape[1];
        using var cpuIds = ids.cpu().to_type(ScalarType.Int32);
        int[] flat = cpuIds.data<int>().ToArray();
        float[] maps = new float[b * k * t * t];
        int tt = (int)(t * t);
        for (int row = 0; row < b; row++)
            for (int head = 0; head < k; head++)
                FixedAttentionMaps.ForHead(head, flat.AsSpan(row * (int)t, (int)t), maps.AsSpan((row * k + head) * tt, tt));
        return tensor(maps, [b, k, t, t], ScalarType.Float32).to(Device);
    }
}
