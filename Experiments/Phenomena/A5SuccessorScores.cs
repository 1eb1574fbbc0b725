using GraphNav.Models;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Formats;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A5's inner-product score of a candidate successor s at (current node c, goal g), read from the
/// weights of a 1-layer, 1-head attention-only GPT (docs/PHENOMENA.md §2 row A5):
/// <code>
/// score(s; c, g) = w_g · ⟨W_E[s], W_O·W_V·W_E[g]⟩  +  w_c · ⟨W_E[s], W_E[c]⟩
/// </code>
/// W_E = wte rows of node tokens [V,C]; W_V = rows 2C…3C of qkvw (the V block, [C,C], v = W_V·x);
/// W_O = attprojw ([C,C], y = W_O·v). The plain score has w_g = w_c = 1 (the formula as written);
/// the attention-weighted score uses the model's attention on the goal and current tokens.
/// Deliberately left out, so that the score is the formula as written and nothing else: the
/// biases (qkvb, attprojb), the LayerNorms (ln1 before the V projection, lnf before the head) and
/// the position embeddings (wpe). Both terms are precomputed for every node pair, so a score is two
/// array reads.
/// </summary>
public sealed class A5SuccessorScores
{
    private readonly double[] _goalTerm;     // [N,N]: [g·N + s] = ⟨W_E[s], W_O·W_V·W_E[g]⟩
    private readonly double[] _currentTerm;  // [N,N]: [c·N + s] = ⟨W_E[s], W_E[c]⟩

    /// <summary>What the plain score contains, for the result record.</summary>
    public const string Description =
        "⟨wte[s], attprojw·Wv·wte[g] + wte[c]⟩, Wv = qkvw rows 2C..3C; no biases (qkvb, attprojb), no LayerNorm (ln1, lnf), no position embeddings";

    /// <summary>Builds the terms from raw row-major weights.</summary>
    /// <param name="wte">Token embedding [V, C].</param>
    /// <param name="valueWeight">W_V [C, C] (output channel × input channel).</param>
    /// <param name="outputWeight">W_O [C, C] (output channel × input channel).</param>
    /// <param name="channels">C.</param>
    /// <param name="nodeBase">Token id of node 0.</param>
    /// <param name="nodeCount">N: nodes are token ids nodeBase … nodeBase + N − 1.</param>
    public A5SuccessorScores(ReadOnlySpan<float> wte, ReadOnlySpan<float> valueWeight, ReadOnlySpan<float> outputWeight,
        int channels, int nodeBase, int nodeCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(nodeBase);
        int c = channels;
        if (valueWeight.Length != c * c || outputWeight.Length != c * c)
            throw new ArgumentException($"W_V and W_O must hold C·C = {c * c} floats, got {valueWeight.Length} and {outputWeight.Length}.");
        if (wte.Length < (nodeBase + nodeCount) * c || wte.Length % c != 0)
            throw new ArgumentException($"wte holds {wte.Length} floats; it must be [V, {c}] with V ≥ {nodeBase + nodeCount}.", nameof(wte));
        NodeCount = nodeCount;
        int n = nodeCount;
        // u_g = W_O·(W_V·W_E[g]) for every goal, in double to keep the ranking free of float noise.
        var u = new double[n * c];
        var v = new double[c];
        for (int g = 0; g < n; g++)
        {
            var e = wte.Slice((nodeBase + g) * c, c);
            for (int o = 0; o < c; o++) v[o] = Dot(valueWeight.Slice(o * c, c), e);
            for (int o = 0; o < c; o++)
            {
                var row = outputWeight.Slice(o * c, c);
                double sum = 0;
                for (int i = 0; i < c; i++) sum += row[i] * v[i];
                u[g * c + o] = sum;
            }
        }
        _goalTerm = new double[n * n];
        _currentTerm = new double[n * n];
        for (int a = 0; a < n; a++)
        {
            var ea = wte.Slice((nodeBase + a) * c, c);
            for (int s = 0; s < n; s++)
            {
                var es = wte.Slice((nodeBase + s) * c, c);
                double goal = 0;
                for (int i = 0; i < c; i++) goal += es[i] * u[a * c + i];
                _goalTerm[a * n + s] = goal;
                _currentTerm[a * n + s] = Dot(es, ea);
            }
        }
    }

    /// <summary>
    /// Reads W_E, W_V, W_O through <see cref="IEmbeddingModel"/> (an ONNX export with embeddings and
    /// attentions, or the engine): the model must have one attention layer with one head (and no MLP
    /// blocks, which <see cref="A5DistanceMechanism.AppliesTo"/> checks on the model's profile).
    /// </summary>
    public static A5SuccessorScores FromEmbeddings(IEmbeddingModel model, TokenMap tokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        // Attention-only is checked before measuring, on the model's profile (its graphnav.config); this
        // interface only tells layers and heads.
        if (model is IAttentionModel attention && ShapeProblem(attention.AttentionLayers, attention.AttentionHeads, attentionOnly: true) is { } shape)
            throw new ArgumentException(shape, nameof(model));
        if (model.VocabSize < tokens.VocabularySize)
            throw new ArgumentException($"Model vocabulary {model.VocabSize} is smaller than the task's {tokens.VocabularySize}.", nameof(model));
        int c = model.EmbeddingChannels;
        var wte = new float[model.VocabSize * c];
        var wv = new float[c * c];
        var wo = new float[c * c];
        var bias = new float[c];
        model.CopyTokenEmbedding(wte);
        model.CopyValueProjection(0, wv, bias);
        model.CopyOutputProjection(0, wo, bias);
        return new A5SuccessorScores(wte, wv, wo, c, tokens.Node(0), tokens.NodeCount);
    }

    /// <summary>
    /// Why a model of this shape cannot give A5 scores, or null when it can: one attention layer with
    /// one head and no MLP. <paramref name="attentionOnly"/> null means the file does not tell (an ONNX
    /// file without graphnav.config metadata): that is refused too, since the scores are the mechanism
    /// of a model without MLP blocks.
    /// </summary>
    public static string? ShapeProblem(int layers, int heads, bool? attentionOnly) =>
        layers == 1 && heads == 1 && attentionOnly == true
            ? null
            : $"A5 scores need a 1-layer, 1-head attention-only model; got {layers} layers, {heads} heads" + attentionOnly switch
            {
                false => ", with MLP blocks.",
                null => ", and the file does not say whether it has MLP blocks (no graphnav.config metadata, which `graphnav export` writes).",
                _ => ".",
            };

    /// <summary>Reads W_E, W_V, W_O from an attention-only model with one layer and one head.</summary>
    public static A5SuccessorScores FromModel(GptModel model, TokenMap tokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        var config = model.Config;
        if (ShapeProblem(config.Layers, config.Heads, !config.UseMlp) is { } shape)
            throw new ArgumentException(shape, nameof(model));
        if (config.VocabSize < tokens.VocabularySize)
            throw new ArgumentException($"Model vocabulary {config.VocabSize} is smaller than the task's {tokens.VocabularySize}.", nameof(model));
        int c = config.Channels;
        var p = model.Parameters;
        return new A5SuccessorScores(p.Wte.Span, p.Qkvw.Layer(0).Slice(2 * c * c, c * c), p.AttProjw.Layer(0), c, tokens.Node(0), tokens.NodeCount);
    }

    /// <summary>N, the number of graph nodes covered.</summary>
    public int NodeCount { get; }

    /// <summary>⟨W_E[s], W_O·W_V·W_E[g]⟩.</summary>
    public double GoalTerm(int successor, int goal) => _goalTerm[Check(goal) * NodeCount + Check(successor)];

    /// <summary>⟨W_E[s], W_E[c]⟩.</summary>
    public double CurrentTerm(int successor, int current) => _currentTerm[Check(current) * NodeCount + Check(successor)];

    /// <summary>goalWeight·GoalTerm + currentWeight·CurrentTerm (weights 1 = the plain score).</summary>
    public double Score(int successor, int current, int goal, double goalWeight = 1, double currentWeight = 1) =>
        goalWeight * GoalTerm(successor, goal) + currentWeight * CurrentTerm(successor, current);

    /// <summary>
    /// The paper's mechanism (issue #18): both the goal and the current node pass through the value
    /// path, goalWeight·⟨W_E[s], W_O·W_V·W_E[g]⟩ + currentWeight·⟨W_E[s], W_O·W_V·W_E[c]⟩, weighted by
    /// the model's attention on those tokens.
    /// </summary>
    public double ValuePathScore(int successor, int current, int goal, double goalWeight, double currentWeight) =>
        goalWeight * GoalTerm(successor, goal) + currentWeight * GoalTerm(successor, current);

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }

    private int Check(int node) => (uint)node < (uint)NodeCount
        ? node
        : throw new ArgumentOutOfRangeException(nameof(node), node, $"Node must be in [0, {NodeCount}).");
}
