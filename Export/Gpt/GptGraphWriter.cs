using GraphNav.Export.Onnx;
using GraphNav.Models.Gpt;
using static GraphNav.Export.Gpt.GptWeightNames;

namespace GraphNav.Export.Gpt;

/// <summary>
/// Writes the engine's forward (see the architecture comment on <see cref="GptModel"/>) as an
/// ONNX graph, one method per step of that forward. Values are named after what they hold
/// ("h0.ln1", "h0.scores"); shapes are in the comments. B batch, T new positions, P cached
/// positions (0 without a KV cache), S = P + T, C channels, NH heads, HS head size.
/// </summary>
internal sealed partial class GptGraphWriter
{
    private readonly OnnxGraphBuilder _b;
    private readonly GptConfig _c;
    private readonly GptParameters _p;
    private readonly GptExportOptions _o;

    private GptGraphWriter(GptModel model, GptExportOptions options)
    {
        _c = model.Config;
        _p = model.Parameters;
        _o = options;
        _b = new OnnxGraphBuilder(options.GraphName);
    }

    /// <summary>The graph of <paramref name="model"/> with the inputs and outputs <paramref name="options"/> ask for.</summary>
    public static OnnxGraphBuilder Write(GptModel model, GptExportOptions options)
    {
        var writer = new GptGraphWriter(model, options);
        writer.WriteGraph();
        return writer._b;
    }

    private void WriteGraph()
    {
        int L = _c.Layers, NH = _c.Heads, HS = _c.HeadSize, V = _c.OutputWidth; // V: logits per position
        _b.AddInput(GptOnnxNames.InputIds, OnnxElementType.Int64, "batch", "sequence");
        if (_o.KvCache)
        {
            for (int l = 0; l < L; l++)
            {
                _b.AddInput(GptOnnxNames.PastKey(l), OnnxElementType.Float, "batch", NH, "past_sequence", HS);
                _b.AddInput(GptOnnxNames.PastValue(l), OnnxElementType.Float, "batch", NH, "past_sequence", HS);
            }
        }
        AddConstants();
        var (positions, mask) = PositionsAndMask();
        var x = Embed(positions);
        var fixedMaps = _c.FixedHeads > 0 ? FixedMaps("seq_len") : null; // [B,k,T,T], shared by every layer
        for (int l = 0; l < L; l++)
        {
            x = AttentionBlock(x, l, mask, fixedMaps);
            if (_c.UseMlp) x = MlpBlock(x, l);
        }
        if (_c.FinalLayerNorm)
        {
            _b.AddInitializer(FinalNormWeight, _p.Lnfw.Span, _c.Channels);
            _b.AddInitializer(FinalNormBias, _p.Lnfb.Span, _c.Channels);
            x = LayerNorm(x, FinalNormWeight, FinalNormBias, "lnf");
        }
        if (_c.HasClassifierHead) // per-token classifier: x·lmheadwᵀ + lmheadb → [B,T,OutputSize]
            Linear(x, LmHead, _p.LmHeadw.Span, LmHeadBias, _p.LmHeadb.Span, _c.Channels, _c.OutputSize, GptOnnxNames.Logits);
        else
            _b.AddNode("MatMul", [x, LmHeadWeight()], [GptOnnxNames.Logits]);

        _b.AddOutput(GptOnnxNames.Logits, OnnxElementType.Float, "batch", "sequence", V);
        OnnxDim keys = _o.KvCache ? "total_sequence" : "sequence";
        if (_o.IncludeAttentions)
            for (int l = 0; l < L; l++)
                _b.AddOutput(GptOnnxNames.Attentions(l), OnnxElementType.Float, "batch", NH, "sequence", keys);
        if (_o.KvCache)
        {
            for (int l = 0; l < L; l++)
            {
                _b.AddOutput(GptOnnxNames.PresentKey(l), OnnxElementType.Float, "batch", NH, "total_sequence", HS);
                _b.AddOutput(GptOnnxNames.PresentValue(l), OnnxElementType.Float, "batch", NH, "total_sequence", HS);
            }
        }
    }

    private void AddConstants()
    {
        int C = _c.Channels, NH = _c.Heads, HS = _c.HeadSize;
        _b.AddInitializer("const.zero_1d", [0L], 1);
        _b.AddInitializer("const.one", [1L]);                   // int64 scalar: Range step
        _b.AddInitializer("const.scalar_shape", ReadOnlySpan<long>.Empty, 0); // Reshape [1] → scalar
        _b.AddInitializer("const.heads_shape", [0L, 0, NH, HS], 4); // [B,T,C] → [B,T,NH,HS] (0 copies a dim)
        _b.AddInitializer("const.merge_shape", [0L, 0, C], 3);      // [B,T,NH,HS] → [B,T,C]
        _b.AddInitializer("const.qkv_split", [(long)C, C, C], 3);   // q | k | v along the last axis
        _b.AddInitializer("const.attn_scale", [1f / MathF.Sqrt(HS)]); // the engine's scale, same float
        if (_c.UseMlp)
        {
            _b.AddInitializer("const.inv_sqrt2", [0.70710678118654752f]);
            _b.AddInitializer("const.one_f", [1f]);
            _b.AddInitializer("const.half", [0.5f]);
        }
        if (_c.Causal)
        {
            // mask[i, j] = 0 where key j ≤ query i, −∞ above the diagonal: exp(−∞) = 0 exactly,
            // as the engine's zeros for masked positions.
            int T = _c.ContextLength;
            var mask = new float[T * T];
            for (int i = 0; i < T; i++)
                for (int j = i + 1; j < T; j++)
                    mask[i * T + j] = float.NegativeInfinity;
            _b.AddInitializer("const.causal_mask", mask, T, T);
            _b.AddInitializer("const.mask_axes", [0L, 1], 2);
        }
        if (_c.FixedHeads > 0) AddFixedHeadConstants();
    }

    /// <summary>Positions P…S−1 [T] and, for causal models, the additive mask rows P…S−1, columns 0…S−1 [T, S].</summary>
    private (string Positions, string? Mask) PositionsAndMask()
    {
        var t1 = _b.AddNode("Shape", [GptOnnxNames.InputIds], ["seq_len"], OnnxAttribute.Int("start", 1), OnnxAttribute.Int("end", 2)); // [1]
        var p1 = _o.KvCache
            ? _b.AddNode("Shape", [GptOnnxNames.PastKey(0)], ["past_len"], OnnxAttribute.Int("start", 2), OnnxAttribute.Int("end", 3)) // [1]
            : "const.zero_1d";
        var s1 = _b.AddNode("Add", [p1, t1], ["total_len"]); // [1]
        var start = _b.AddNode("Reshape", [p1, "const.scalar_shape"], ["first_position"]); // scalar
        var end = _b.AddNode("Reshape", [s1, "const.scalar_shape"], ["end_position"]);     // scalar
        var positions = _b.AddNode("Range", [start, end, "const.one"], ["positions"]);      // [T]
        if (!_c.Causal) return (positions, null);
        var starts = _b.AddNode("Concat", [p1, "const.zero_1d"], ["mask_starts"], OnnxAttribute.Int("axis", 0));
        var ends = _b.AddNode("Concat", [s1, s1], ["mask_ends"], OnnxAttribute.Int("axis", 0));
        var mask = _b.AddNode("Slice", ["const.causal_mask", starts, ends, "const.mask_axes"], ["mask"]); // [T, S]
        return (positions, mask);
    }

    /// <summary>x = wte[ids] + wpe[positions], then lne(x) when EmbeddingLayerNorm: [B, T, C].</summary>
    private string Embed(string positions)
    {
        int V = _c.VocabSize, C = _c.Channels;
        _b.AddInitializer(TokenEmbedding, _p.Wte.Span, V, C);
        _b.AddInitializer(PositionEmbedding, _p.Wpe.Span, _c.ContextLength, C);
        var tok = _b.AddNode("Gather", [TokenEmbedding, GptOnnxNames.InputIds], ["tok_emb"]); // [B,T,C]
        var pos = _b.AddNode("Gather", [PositionEmbedding, positions], ["pos_emb"]);          // [T,C]
        var encoded = _b.AddNode("Add", [tok, pos], ["encoded"]);
        if (!_c.EmbeddingLayerNorm) return encoded;
        // BERT's LayerNorm on the summed embeddings (GptConfig.EmbeddingLayerNorm).
        _b.AddInitializer(EmbeddingNormWeight, _p.Lnew.Span, C);
        _b.AddInitializer(EmbeddingNormBias, _p.Lneb.Span, C);
        return LayerNorm(encoded, EmbeddingNormWeight, EmbeddingNormBias, "lne");
    }

    /// <summary>x + attproj(Attention(ln1(x))): [B, T, C]. With hard-coded heads (<paramref name="fixedMaps"/>
    /// [B,k,T,T]) only heads k…NH−1 compute scores; the maps of heads 0…k−1 are concatenated in front.</summary>
    private string AttentionBlock(string x, int l, string? mask, string? fixedMaps)
    {
        int C = _c.Channels;
        string h = $"h{l}.";
        int pl = _c.ParameterLayer(l); // weight-tied models store one block: every application reads block 0
        var ln1 = LayerNorm(x, Param("ln1w", _p.Ln1w, l), Param("ln1b", _p.Ln1b, l), h + "ln1");

        // The engine's qkvw [3C, C] holds rows q | k | v; each block is stored on its own, transposed,
        // and concatenated here (ORT folds the Concat once at load) so one MatMul computes all three.
        var qkvw = _p.Qkvw.Layer(pl);
        var qkvb = _p.Qkvb.Layer(pl);
        var parts = new[] { 'q', 'k', 'v' };
        var weights = new string[3];
        var biases = new string[3];
        for (int i = 0; i < 3; i++)
        {
            weights[i] = _b.AddInitializer(QkvWeight(l, parts[i]), Transpose(qkvw.Slice(i * C * C, C * C), C, C), C, C);
            biases[i] = _b.AddInitializer(QkvBias(l, parts[i]), qkvb.Slice(i * C, C), C);
        }
        var w = _b.AddNode("Concat", weights, [h + "qkv_weight"], OnnxAttribute.Int("axis", 1)); // [C, 3C]
        var bias = _b.AddNode("Concat", biases, [h + "qkv_bias"], OnnxAttribute.Int("axis", 0)); // [3C]
        var qkv = _b.AddNode("Add", [_b.AddNode("MatMul", [ln1, w], [h + "qkv_matmul"]), bias], [h + "qkv"]); // [B,T,3C]
        _b.AddNode("Split", [qkv, "const.qkv_split"], [h + "q", h + "k", h + "v"], OnnxAttribute.Int("axis", -1));

        var q = Heads(h + "q");                                        // [B,NH,T,HS]
        var k = Heads(h + "k");
        var v = Heads(h + "v");
        if (_o.KvCache)
        {
            k = _b.AddNode("Concat", [GptOnnxNames.PastKey(l), k], [GptOnnxNames.PresentKey(l)], OnnxAttribute.Int("axis", 2)); // [B,NH,S,HS]
            v = _b.AddNode("Concat", [GptOnnxNames.PastValue(l), v], [GptOnnxNames.PresentValue(l)], OnnxAttribute.Int("axis", 2));
        }
        var probs = fixedMaps is null
            ? LearnedAttention(q, k, mask, h, _o.IncludeAttentions ? GptOnnxNames.Attentions(l) : h + "att")
            : FixedAndLearnedAttention(q, k, fixedMaps, h, _o.IncludeAttentions ? GptOnnxNames.Attentions(l) : h + "att"); // [B,NH,T,S]
        var y = _b.AddNode("MatMul", [probs, v], [h + "att_v"]);                                           // [B,NH,T,HS]
        var yt = _b.AddNode("Transpose", [y], [h + "att_v_t"], OnnxAttribute.Ints("perm", 0, 2, 1, 3));    // [B,T,NH,HS]
        var atty = _b.AddNode("Reshape", [yt, "const.merge_shape"], [h + "atty"]);                         // [B,T,C]

        var proj = Linear(atty, AttProjWeight(l), _p.AttProjw.Layer(pl), AttProjBias(l), _p.AttProjb.Layer(pl), C, C, h + "attproj");
        return _b.AddNode("Add", [x, proj], [h + "residual2"]);
    }

    /// <summary>softmax(q·kᵀ/√HS [+ mask]) for q [B,H,T,HS], k [B,H,S,HS]: [B,H,T,S] named <paramref name="output"/>.</summary>
    private string LearnedAttention(string q, string k, string? mask, string h, string output)
    {
        var kt = _b.AddNode("Transpose", [k], [h + "k_t"], OnnxAttribute.Ints("perm", 0, 1, 3, 2));       // [B,H,HS,S]
        var dots = _b.AddNode("MatMul", [q, kt], [h + "dots"]);                                            // [B,H,T,S]
        var scores = _b.AddNode("Mul", [dots, "const.attn_scale"], [h + "scores"]);
        if (mask is not null) scores = _b.AddNode("Add", [scores, mask], [h + "masked_scores"]);
        return _b.AddNode("Softmax", [scores], [output], OnnxAttribute.Int("axis", -1));
    }

    /// <summary>Hard-coded maps [B,k,T,T] followed by the learned heads' softmax: [B,NH,T,T] (encoders only, no mask).</summary>
    private string FixedAndLearnedAttention(string q, string k, string fixedMaps, string h, string output)
    {
        if (_c.FixedHeads == _c.Heads) return _b.AddNode("Identity", [fixedMaps], [output]);
        var learned = LearnedAttention(LearnedHeads(q), LearnedHeads(k), null, h, h + "learned_att");  // [B,NH−k,T,T]
        return _b.AddNode("Concat", [fixedMaps, learned], [output], OnnxAttribute.Int("axis", 1));
    }

    /// <summary>x + fcproj(GELU(fc(ln2(x)))) with the exact GELU ½x(1 + erf(x/√2)): [B, T, C].</summary>
    private string MlpBlock(string x, int l)
    {
        int C = _c.Channels, H = _c.MlpChannels;
        string h = $"h{l}.";
        int pl = _c.ParameterLayer(l);
        var ln2 = LayerNorm(x, Param("ln2w", _p.Ln2w, l), Param("ln2b", _p.Ln2b, l), h + "ln2");
        var fch = Linear(ln2, Layer("fcw", l), _p.Fcw.Layer(pl), Layer("fcb", l), _p.Fcb.Layer(pl), C, H, h + "fch"); // [B,T,4C]
        var scaled = _b.AddNode("Mul", [fch, "const.inv_sqrt2"], [h + "gelu_scaled"]);
        var erf = _b.AddNode("Erf", [scaled], [h + "gelu_erf"]);
        var onePlus = _b.AddNode("Add", [erf, "const.one_f"], [h + "gelu_1p"]);
        var half = _b.AddNode("Mul", [fch, "const.half"], [h + "gelu_half_x"]);
        var gelu = _b.AddNode("Mul", [half, onePlus], [h + "fch_gelu"]);
        var proj = Linear(gelu, Layer("fcprojw", l), _p.FcProjw.Layer(pl), Layer("fcprojb", l), _p.FcProjb.Layer(pl), H, C, h + "fcproj");
        return _b.AddNode("Add", [x, proj], [h + "residual3"]);
    }

    /// <summary>[B,T,C] → [B,NH,T,HS]: head h owns channels h·HS…(h+1)·HS, as in the engine.</summary>
    private string Heads(string x)
    {
        var split = _b.AddNode("Reshape", [x, "const.heads_shape"], [x + "_heads"]);
        return _b.AddNode("Transpose", [split], [x + "_bnth"], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
    }

    private string LayerNorm(string x, string weight, string bias, string output) =>
        _b.AddNode("LayerNormalization", [x, weight, bias], [output],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", _c.LayerNormEps));

    /// <summary>x·Wᵀ + b for the engine's W [out, in], stored transposed as <paramref name="weightName"/> [in, out].</summary>
    private string Linear(string x, string weightName, ReadOnlySpan<float> weight, string biasName, ReadOnlySpan<float> bias,
        int inputs, int outputs, string output)
    {
        _b.AddInitializer(weightName, Transpose(weight, outputs, inputs), inputs, outputs);
        _b.AddInitializer(biasName, bias, outputs);
        var product = _b.AddNode("MatMul", [x, weightName], [output + "_matmul"]);
        return _b.AddNode("Add", [product, biasName], [output]);
    }

    /// <summary>The lm head [C, V]: wte transposed in the graph when tied (one stored copy), else lmheadw stored transposed.</summary>
    private string LmHeadWeight()
    {
        if (_c.TiedHead)
            return _b.AddNode("Transpose", [TokenEmbedding], ["wte_t"], OnnxAttribute.Ints("perm", 1, 0));
        return _b.AddInitializer(LmHead, Transpose(_p.LmHeadw.Span, _c.VocabSize, _c.Channels), _c.Channels, _c.VocabSize);
    }

    /// <summary>Layer <paramref name="layer"/>'s copy of a per-layer vector, read from its parameter block
    /// (block 0 for every layer of a weight-tied model, which is written once per application).</summary>
    private string Param(string name, TensorView view, int layer) =>
        _b.AddInitializer(Layer(name, layer), view.Layer(_c.ParameterLayer(layer)), view.Shape[1]);

    /// <summary>[rows, cols] row-major → [cols, rows] row-major.</summary>
    private static float[] Transpose(ReadOnlySpan<float> w, int rows, int cols)
    {
        var t = new float[w.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                t[c * rows + r] = w[r * cols + c];
        return t;
    }
}
