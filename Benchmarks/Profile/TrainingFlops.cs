using GraphNav.Models.Gpt;

namespace GraphNav.Benchmarks.Profile;

/// <summary>
/// Floating-point operations of one training step per token, derived from the shapes alone.
/// Forward multiply-adds per token: every block's linear layers L·(3C² + C² + 2·C·H) (qkv, attproj,
/// fc, fcproj; H = MlpRatio·C, no MLP terms without one), the head C·O (O = vocabulary or classifier
/// width), and attention's q·kᵀ and att·v over the (query, key) pairs a head sees, from
/// <see cref="AttentionFlops"/> divided by T. A training step is the forward plus a backward that
/// costs two forwards (input and weight gradients of each product), so
/// FLOP/token = 3 · 2 · forward multiply-adds per token. Elementwise work (LayerNorm, GELU,
/// softmax, AdamW) is left out: it is a few percent of the products here.
/// </summary>
internal static class TrainingFlops
{
    /// <summary>Training FLOPs per token of <paramref name="config"/> at sequence length <paramref name="sequence"/>.</summary>
    public static double PerToken(GptConfig config, int sequence)
    {
        ArgumentNullException.ThrowIfNull(config);
        double c = config.Channels, h = config.MlpChannels;
        double block = 4 * c * c + (config.UseMlp ? 2 * c * h : 0);
        double head = c * config.OutputWidth;
        double attention = (double)AttentionFlops.Count(config, sequence).Total / sequence;
        return 6 * (config.Layers * block + head + attention);
    }
}
