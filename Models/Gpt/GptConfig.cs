using System.Text.Json.Serialization;

namespace GraphNav.Models.Gpt;

/// <summary>
/// Shape of a GPT (nanoGPT style). Dimension names used throughout the engine:
/// B batch, T sequence, C channels, NH heads, HS = C / NH head size, V vocabulary, L layers.
/// </summary>
public sealed record GptConfig
{
    /// <summary>V: number of token ids (and of logits per position).</summary>
    public int VocabSize { get; init; } = 106;

    /// <summary>max T: longest sequence; also the number of learned position embeddings.</summary>
    public int ContextLength { get; init; } = 32;

    /// <summary>L: number of transformer blocks.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>NH: attention heads per block; must divide Channels.</summary>
    public int Heads { get; init; } = 2;

    /// <summary>C: width of the residual stream (d_model). Head size HS = C / NH.</summary>
    public int Channels { get; init; } = 64;

    /// <summary>MLP hidden width as a multiple of C (4 in GPT-2: hidden = 4C).</summary>
    public int MlpRatio { get; init; } = 4;

    /// <summary>True: the lm head reuses the token embedding wte [V,C]; false: own lmheadw [V,C].</summary>
    public bool TiedHead { get; init; } = true;

    /// <summary>False drops every block's MLP (attention-only model, docs/PHENOMENA.md A5).</summary>
    public bool UseMlp { get; init; } = true;

    /// <summary>Apply the final LayerNorm (lnfw, lnfb) before the lm head.</summary>
    public bool FinalLayerNorm { get; init; } = true;

    /// <summary>True: decoder with a causal mask; false: bidirectional encoder (LEGO).</summary>
    public bool Causal { get; init; } = true;

    /// <summary>
    /// 0 (default): the head emits V next-token logits per position (lm head, tied or not).
    /// &gt; 0: a per-token classifier instead — an untied Linear(C → OutputSize) with bias
    /// (lmheadw [OutputSize, C], lmheadb [OutputSize]), logits [B,T,OutputSize], cross-entropy over
    /// those classes (LEGO's 2-class head, docs/PHENOMENA.md §3). Requires TiedHead = false. Left out of the
    /// JSON when 0 so configs (and cache keys) written before the field existed are unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int OutputSize { get; init; }

    /// <summary>
    /// True: weight tying across depth (ALBERT, docs/PHENOMENA.md §4): one block's parameters, stored with a
    /// layer dimension of 1, applied Layers times; each application keeps its own activations and
    /// the backward accumulates every application's gradient into the shared tensors. Left out of the
    /// JSON when false so existing configs (and cache keys) are unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ShareLayers { get; init; }

    /// <summary>
    /// k: hard-coded heads (the LEGO attention module, docs/PHENOMENA.md §3 B5). Heads 0…k−1 of every layer
    /// do not compute softmax(q·kᵀ): their attention map is fixed by the input ids — even heads the
    /// same-token (association) map, odd heads the local band (manipulation) map, see
    /// <see cref="FixedAttentionMaps"/> — and they only mix their values (out = map·v). Encoders only
    /// (Causal = false). Left out of the JSON when 0 so existing configs (and cache keys) are unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int FixedHeads { get; init; }

    /// <summary>
    /// True: a LayerNorm (own gain lnew and bias lneb, [C]) on the summed token + position embeddings
    /// before the first block, as BERT does (the LEGO paper's encoder; issue #17's probe escaped the
    /// position-3 plateau only with it). Left out of the JSON when false so existing configs, cache
    /// keys and checkpoints are unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EmbeddingLayerNorm { get; init; }

    /// <summary>
    /// How the seed draws the initial weights (<see cref="GptInitializer"/>): GPT-2's (default) scales the
    /// residual output projections by 1/√(2L); BERT's draws every weight matrix from N(0, 0.02) unscaled
    /// (the LEGO paper's encoder; a candidate of issue #17's recipe search). Left out of the JSON when
    /// Gpt2 so existing configs, cache keys and checkpoints are unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [JsonConverter(typeof(JsonStringEnumConverter<GptInitialization>))]
    public GptInitialization Initialization { get; init; }

    /// <summary>
    /// Standard deviation of the token and position embeddings (wte, wpe) at initialisation; null = 0.02,
    /// the value of both <see cref="Initialization"/> schemes. PyTorch's nn.Embedding default is 1.0: with
    /// an embedding LayerNorm the scale does not change the forward at init, but it sets how far one Adam
    /// step (≈ lr per weight) moves an embedding relative to its size (a candidate of issue #17's recipe
    /// search). Left out of the JSON when null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? EmbeddingInitStd { get; init; }

    /// <summary>ε added to the variance inside every LayerNorm (PyTorch's default 1e-5).</summary>
    public float LayerNormEps { get; init; } = 1e-5f;

    /// <summary>HS: channels per head.</summary>
    [JsonIgnore]
    public int HeadSize => Channels / Heads;

    /// <summary>Logits per position: OutputSize for a classifier head, else V.</summary>
    [JsonIgnore]
    public int OutputWidth => OutputSize > 0 ? OutputSize : VocabSize;

    /// <summary>Whether the head is a per-token classifier with a bias (OutputSize &gt; 0).</summary>
    [JsonIgnore]
    public bool HasClassifierHead => OutputSize > 0;

    /// <summary>Blocks with their own parameters: 1 when ShareLayers, else Layers (first dimension of
    /// every per-layer parameter tensor).</summary>
    [JsonIgnore]
    public int ParameterLayers => ShareLayers ? 1 : Layers;

    /// <summary>Index of the parameter block that application <paramref name="layer"/> uses.</summary>
    public int ParameterLayer(int layer) => ShareLayers ? 0 : layer;

    /// <summary>MLP hidden width (MlpRatio · C).</summary>
    [JsonIgnore]
    public int MlpChannels => MlpRatio * Channels;

    /// <summary>The paper-A GPT: 2 layers, C 64, 2 heads, context 32 (vocabulary set by the task).</summary>
    public static GptConfig PaperA(int vocabSize) => new GptConfig
    {
        VocabSize = vocabSize, ContextLength = 32, Layers = 2, Heads = 2, Channels = 64,
    }.Validated();

    /// <summary>The A5 model: 1 layer, 1 head, C 128, attention-only, final LayerNorm, tied head.</summary>
    public static GptConfig AttentionOnlyA5(int vocabSize, int contextLength = 32) => new GptConfig
    {
        VocabSize = vocabSize, ContextLength = contextLength, Layers = 1, Heads = 1, Channels = 128,
        UseMlp = false, FinalLayerNorm = true, TiedHead = true,
    }.Validated();

    /// <summary>Returns this config, or throws ArgumentException naming the first invalid field.</summary>
    public GptConfig Validated()
    {
        Positive(VocabSize, nameof(VocabSize));
        Positive(ContextLength, nameof(ContextLength));
        Positive(Layers, nameof(Layers));
        Positive(Heads, nameof(Heads));
        Positive(Channels, nameof(Channels));
        Positive(MlpRatio, nameof(MlpRatio));
        if (Channels % Heads != 0)
            throw new ArgumentException(
                $"GptConfig.Channels ({Channels}) must be divisible by Heads ({Heads}).");
        if (OutputSize < 0)
            throw new ArgumentException($"GptConfig.OutputSize must be ≥ 0 (0 = vocabulary head), got {OutputSize}.");
        if (OutputSize > 0 && TiedHead)
            throw new ArgumentException(
                $"GptConfig.OutputSize ({OutputSize}) needs TiedHead = false: a classifier head has its own weights and cannot reuse wte.");
        if (FixedHeads < 0 || FixedHeads > Heads)
            throw new ArgumentException($"GptConfig.FixedHeads ({FixedHeads}) must be in [0, Heads = {Heads}].");
        if (FixedHeads > 0 && Causal)
            throw new ArgumentException(
                $"GptConfig.FixedHeads ({FixedHeads}) needs an encoder (Causal = false): the association and band maps look at later positions.");
        if (!Enum.IsDefined(Initialization))
            throw new ArgumentException($"GptConfig.Initialization ({(int)Initialization}) must be Gpt2 or Bert.");
        if (EmbeddingInitStd is { } embeddingStd && !(embeddingStd > 0 && embeddingStd <= 10))
            throw new ArgumentException($"GptConfig.EmbeddingInitStd ({embeddingStd}) must be in (0, 10] (or left out for 0.02).");
        if (!(LayerNormEps > 0) || float.IsInfinity(LayerNormEps))
            throw new ArgumentException(
                $"GptConfig.LayerNormEps ({LayerNormEps}) must be a positive finite number.");
        // Attention keeps one row of T scores on the stack; keep it small and the tensors < 2^31.
        if (ContextLength > 4096)
            throw new ArgumentException($"GptConfig.ContextLength ({ContextLength}) must be at most 4096.");
        // Bounds that keep every size product in range (a config read from a file is untrusted).
        if (Layers > 1024)
            throw new ArgumentException($"GptConfig.Layers ({Layers}) must be at most 1024.");
        if (MlpRatio > 64)
            throw new ArgumentException($"GptConfig.MlpRatio ({MlpRatio}) must be at most 64.");
        if (Channels > 1 << 20 || VocabSize > 1 << 24 || OutputSize > 1 << 24)
            throw new ArgumentException($"GptConfig sizes must stay within Channels ≤ 2^20, VocabSize and OutputSize ≤ 2^24 (got {Channels}, {VocabSize}, {OutputSize}).");
        return this;
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
            throw new ArgumentException($"GptConfig.{name} must be positive, got {value}.");
    }
}
