namespace GraphNav.Models.Gpt;

/// <summary>
/// The learnable tensors of a GPT as named views over one float[] (llm.c's ParameterTensors).
/// The same type holds the gradients. Names and shapes are the checkpoint and ONNX names.
/// </summary>
public sealed class GptParameters
{
    private readonly List<TensorView> _all = [];
    private int _next;

    /// <summary>Allocates zeroed tensors for <paramref name="config"/>.</summary>
    public GptParameters(GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validated();
        int v = config.VocabSize, t = config.ContextLength, l = config.ParameterLayers, c = config.Channels; // l: 1 when shared
        int h = config.MlpChannels;
        bool mlp = config.UseMlp;
        Data = new float[CountFloats(config)];
        Wte = Add("wte", v, c);                      // [V, C] token embedding
        Wpe = Add("wpe", t, c);                      // [maxT, C] position embedding
        Lnew = config.EmbeddingLayerNorm ? Add("lnew", c) : default; // [C] embedding LayerNorm gain
        Lneb = config.EmbeddingLayerNorm ? Add("lneb", c) : default; // [C] embedding LayerNorm bias
        Ln1w = Add("ln1w", l, c);                    // [L, C]
        Ln1b = Add("ln1b", l, c);                    // [L, C]
        Qkvw = Add("qkvw", l, 3 * c, c);             // [L, 3C, C] rows: q | k | v
        Qkvb = Add("qkvb", l, 3 * c);                // [L, 3C]
        AttProjw = Add("attprojw", l, c, c);         // [L, C, C]
        AttProjb = Add("attprojb", l, c);            // [L, C]
        Ln2w = mlp ? Add("ln2w", l, c) : default;    // [L, C]
        Ln2b = mlp ? Add("ln2b", l, c) : default;    // [L, C]
        Fcw = mlp ? Add("fcw", l, h, c) : default;   // [L, 4C, C]
        Fcb = mlp ? Add("fcb", l, h) : default;      // [L, 4C]
        FcProjw = mlp ? Add("fcprojw", l, c, h) : default; // [L, C, 4C]
        FcProjb = mlp ? Add("fcprojb", l, c) : default;    // [L, C]
        Lnfw = config.FinalLayerNorm ? Add("lnfw", c) : default; // [C]
        Lnfb = config.FinalLayerNorm ? Add("lnfb", c) : default; // [C]
        int o = config.OutputWidth;                   // V, or the classifier's OutputSize
        LmHeadw = config.TiedHead ? Wte : Add("lmheadw", o, c);  // [O, C] (= wte when tied)
        LmHeadb = config.HasClassifierHead ? Add("lmheadb", o) : default; // [O] classifier head only
    }

    /// <summary>The single allocation every tensor views.</summary>
    public float[] Data { get; }

    /// <summary>Every tensor in canonical order (the order of the list in the class docs);
    /// absent tensors (lnew/lneb without EmbeddingLayerNorm, ln2/fc when !UseMlp, lnf when !FinalLayerNorm, lmheadw when tied, lmheadb
    /// without a classifier head) are omitted.</summary>
    public IReadOnlyList<TensorView> All => _all;

#pragma warning disable CS1591 // Each tensor is described by its shape comment in the constructor.
    public TensorView Wte { get; }
    public TensorView Wpe { get; }
    public TensorView Lnew { get; }
    public TensorView Lneb { get; }
    public TensorView Ln1w { get; }
    public TensorView Ln1b { get; }
    public TensorView Qkvw { get; }
    public TensorView Qkvb { get; }
    public TensorView AttProjw { get; }
    public TensorView AttProjb { get; }
    public TensorView Ln2w { get; }
    public TensorView Ln2b { get; }
    public TensorView Fcw { get; }
    public TensorView Fcb { get; }
    public TensorView FcProjw { get; }
    public TensorView FcProjb { get; }
    public TensorView Lnfw { get; }
    public TensorView Lnfb { get; }
    /// <summary>The head weight [O, C] (O = OutputWidth); the same view as Wte when the head is tied.</summary>
    public TensorView LmHeadw { get; }
    /// <summary>The classifier head's bias [OutputSize]; empty (default) for a vocabulary head.</summary>
    public TensorView LmHeadb { get; }
#pragma warning restore CS1591

    /// <summary>Looks a tensor up by name; null when absent.</summary>
    public TensorView? Find(string name)
    {
        foreach (var t in _all)
            if (t.Name == name) return t;
        return null;
    }

    /// <summary>Total learnable floats for a config; OverflowException when they exceed an int.</summary>
    public static int CountFloats(GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Checked throughout: a config read from a file may ask for sizes whose product overflows a long.
        checked
        {
            long v = config.VocabSize, t = config.ContextLength, l = config.ParameterLayers, c = config.Channels;
            long h = (long)config.MlpRatio * c;
            long n = v * c + t * c + l * (2 * c + 3 * c * c + 3 * c + c * c + c);
            if (config.EmbeddingLayerNorm) n += 2 * c;
            if (config.UseMlp) n += l * (2 * c + h * c + h + c * h + c);
            if (config.FinalLayerNorm) n += 2 * c;
            if (!config.TiedHead) n += (long)config.OutputWidth * c;
            if (config.HasClassifierHead) n += config.OutputSize;
            return (int)n;
        }
    }

    private TensorView Add(string name, params int[] shape)
    {
        var view = new TensorView(name, shape, Data, _next);
        _next += view.Length;
        _all.Add(view);
        return view;
    }
}
