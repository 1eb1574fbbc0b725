using System.Globalization;

namespace GraphNav.Export.Gpt;

/// <summary>
/// Initializer names of an exported GPT: the engine's llm.c names with a layer suffix. Every
/// projection is stored transposed, [in, out] (ONNX MatMul computes x·W), and qkv is stored as
/// three [C, C] blocks so that the value projection can be read on its own.
/// </summary>
public static class GptWeightNames
{
    /// <summary>Token embedding [V, C] (also the lm head when tied).</summary>
    public const string TokenEmbedding = "wte";

    /// <summary>Position embedding [maxT, C].</summary>
    public const string PositionEmbedding = "wpe";

    /// <summary>Embedding LayerNorm scale [C] (configs with GptConfig.EmbeddingLayerNorm).</summary>
    public const string EmbeddingNormWeight = "lnew";

    /// <summary>Embedding LayerNorm shift [C] (configs with GptConfig.EmbeddingLayerNorm).</summary>
    public const string EmbeddingNormBias = "lneb";

    /// <summary>Final LayerNorm scale [C].</summary>
    public const string FinalNormWeight = "lnfw";

    /// <summary>Final LayerNorm shift [C].</summary>
    public const string FinalNormBias = "lnfb";

    /// <summary>Untied lm head [C, V] (the engine's lmheadw transposed).</summary>
    public const string LmHead = "lmheadw";

    /// <summary>Classifier head bias [OutputSize] (configs with GptConfig.OutputSize &gt; 0; lmheadw is then [C, OutputSize]).</summary>
    public const string LmHeadBias = "lmheadb";

    /// <summary>Per-layer tensor "{name}.{layer}", e.g. "ln1w.0".</summary>
    public static string Layer(string name, int layer) => name + "." + layer.ToString(CultureInfo.InvariantCulture);

    /// <summary>One of the q, k, v projections of a layer, [C, C] stored [in, out]: "qkvw.{l}.q|k|v".</summary>
    public static string QkvWeight(int layer, char part) => Layer("qkvw", layer) + "." + Part(part);

    /// <summary>One of the q, k, v biases of a layer, [C]: "qkvb.{l}.q|k|v".</summary>
    public static string QkvBias(int layer, char part) => Layer("qkvb", layer) + "." + Part(part);

    /// <summary>Attention output projection [C, C] stored [in, out]: "attprojw.{l}".</summary>
    public static string AttProjWeight(int layer) => Layer("attprojw", layer);

    /// <summary>Attention output bias [C]: "attprojb.{l}".</summary>
    public static string AttProjBias(int layer) => Layer("attprojb", layer);

    private static char Part(char part) => part is 'q' or 'k' or 'v'
        ? part
        : throw new ArgumentOutOfRangeException(nameof(part), part, "part must be 'q', 'k' or 'v'.");
}
