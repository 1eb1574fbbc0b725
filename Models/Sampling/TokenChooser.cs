using GraphNav.Models.Gpt;

namespace GraphNav.Models.Sampling;

/// <summary>Picks the next token from one row of logits (greedy, temperature, top-k).</summary>
public static class TokenChooser
{
    /// <summary>
    /// Greedy (temperature 0): the argmax, lowest index on ties, no draw. Otherwise one draw u from
    /// <paramref name="random"/>, and the first index whose cumulative weight exp((z − max)/T)
    /// (zero below the k-th largest logit when topK &gt; 0) exceeds u·Σ. scratch needs ≥ V doubles.
    /// Throws InvalidDataException for NaN logits (a broken model, like the ONNX path's NaN check).
    /// </summary>
    public static int Choose(ReadOnlySpan<float> logits, float temperature, int topK, SeededRandom random, Span<double> scratch)
    {
        ArgumentNullException.ThrowIfNull(random);
        int v = logits.Length;
        int best = 0;
        float max = logits[0];
        for (int i = 0; i < v; i++)
        {
            if (float.IsNaN(logits[i]))
                throw new InvalidDataException($"The model produced a NaN logit (token {i}); its weights are broken or overflow, so it cannot be sampled.");
            if (logits[i] > max)
            {
                max = logits[i];
                best = i;
            }
        }
        if (temperature == 0) return best;

        float threshold = float.NegativeInfinity;
        if (topK > 0 && topK < v)
        {
            var sorted = scratch[..v];
            for (int i = 0; i < v; i++) sorted[i] = logits[i];
            sorted.Sort();
            threshold = (float)sorted[v - topK];
        }
        var weights = scratch[..v];
        double sum = 0;
        for (int i = 0; i < v; i++)
        {
            double w = logits[i] >= threshold ? Math.Exp((logits[i] - max) / (double)temperature) : 0;
            weights[i] = w;
            sum += w;
        }
        double u = random.NextDouble() * sum;
        double cumulative = 0;
        int last = best;
        for (int i = 0; i < v; i++)
        {
            if (weights[i] <= 0) continue;
            cumulative += weights[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last; // rounding left u at the very top
    }
}
