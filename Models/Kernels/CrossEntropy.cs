namespace GraphNav.Models.Kernels;

public static partial class Ops
{
    /// <summary>
    /// Softmax cross-entropy per position; targets of −1 are ignored. Returns the mean loss over
    /// non-ignored positions (0 when every target is ignored). losses [N] (0 where ignored);
    /// probs [N,V] (softmax, cached for backward); logits [N,V]; targets [N] in {−1} ∪ [0,V).
    /// </summary>
    public static float CrossEntropyForward(Span<float> losses, Span<float> probs,
        ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int N, int V)
    {
        double total = 0;
        int count = 0;
        for (int n = 0; n < N; n++)
        {
            var z = logits.Slice(n * V, V);
            var p = probs.Slice(n * V, V);
            float max = float.NegativeInfinity;
            for (int i = 0; i < V; i++) max = MathF.Max(max, z[i]);
            float sum = Simd.ExpShifted(p, z, max);
            Simd.Scale(p, p, 1f / sum);
            int y = targets[n];
            if (y < 0)
            {
                losses[n] = 0;
                continue;
            }
            // log-sum-exp form: exact even when p[y] underflows to zero.
            losses[n] = MathF.Log(sum) + max - z[y];
            total += losses[n];
            count++;
        }
        return count == 0 ? 0f : (float)(total / count);
    }

    /// <summary>Forward was loss = mean over valid n of −log p[n, yₙ], so
    /// dlogits[n] += (p[n] − onehot(yₙ)) / count for valid rows. dlogits, probs [N,V]; targets [N].</summary>
    public static void CrossEntropyBackward(Span<float> dlogits, ReadOnlySpan<float> probs,
        ReadOnlySpan<int> targets, int N, int V)
    {
        int count = 0;
        for (int n = 0; n < N; n++)
            if (targets[n] >= 0) count++;
        if (count == 0) return;
        float scale = 1f / count;
        for (int n = 0; n < N; n++)
        {
            int y = targets[n];
            if (y < 0) continue;
            var p = probs.Slice(n * V, V);
            var d = dlogits.Slice(n * V, V);
            for (int i = 0; i < V; i++) d[i] += (p[i] - (i == y ? 1f : 0f)) * scale;
        }
    }
}
