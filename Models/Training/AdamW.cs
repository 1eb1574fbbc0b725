using GraphNav.Models.Gpt;

namespace GraphNav.Models.Training;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter; PyTorch's torch.optim.AdamW formula) over one GptParameters
/// allocation, with global-norm gradient clipping. Weight decay is decoupled and applied only to
/// the weight matrices qkvw, attprojw, fcw, fcprojw and an untied lmheadw: biases and LayerNorm
/// parameters are not decayed (as in nanoGPT), and neither are the token and position embeddings
/// (brief's choice, unlike nanoGPT: an embedding row is only updated when its token occurs, so
/// decay would shrink rare tokens toward zero between their occurrences; with a tied head the
/// shared wte therefore is not decayed either).
/// </summary>
public sealed class AdamW
{
    private readonly GptParameters _parameters;
    private readonly bool[] _decayed; // per tensor of _parameters.All: whether weight decay applies

    /// <summary>Creates zeroed moments for <paramref name="parameters"/>.</summary>
    public AdamW(GptParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        M = new float[parameters.Data.Length];
        V = new float[parameters.Data.Length];
        _decayed = parameters.All.Select(t => IsDecayed(t.Name)).ToArray();
    }

    /// <summary>First moments, same layout as the parameters' Data.</summary>
    public float[] M { get; }

    /// <summary>Second moments, same layout as the parameters' Data.</summary>
    public float[] V { get; }

    /// <summary>Updates taken so far (t in the bias corrections).</summary>
    public int StepCount { get; set; }

    /// <summary>Whether the tensor called <paramref name="name"/> receives weight decay.</summary>
    public static bool IsDecayed(string name) => name is "qkvw" or "attprojw" or "fcw" or "fcprojw" or "lmheadw";

    /// <summary>
    /// Scales <paramref name="gradients"/> in place so their global L2 norm is at most
    /// <paramref name="maxNorm"/> (coefficient maxNorm/(norm + 1e-6), as torch.nn.utils.clip_grad_norm_);
    /// returns the norm before clipping. maxNorm 0 disables clipping.
    /// </summary>
    public static float ClipGradientNorm(Span<float> gradients, float maxNorm)
    {
        double sum = 0;
        foreach (float g in gradients) sum += (double)g * g;
        float norm = (float)Math.Sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm)
        {
            float scale = maxNorm / (norm + 1e-6f);
            for (int i = 0; i < gradients.Length; i++) gradients[i] *= scale;
        }
        return norm;
    }

    /// <summary>
    /// One update with learning rate <paramref name="lr"/>: for each parameter p with gradient g,
    /// p −= lr·wd·p (decayed tensors only); m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²;
    /// p −= lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
    /// </summary>
    public unsafe void Step(GptParameters gradients, float lr, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(config);
        StepCount++;
        float b1 = config.Beta1, b2 = config.Beta2, eps = config.Epsilon;
        float c1 = 1f - MathF.Pow(b1, StepCount), c2 = 1f - MathF.Pow(b2, StepCount);
        var all = _parameters.All;
        fixed (float* p = _parameters.Data, g = gradients.Data, m = M, v = V)
        {
            for (int ti = 0; ti < all.Count; ti++)
            {
                var tensor = all[ti];
                float decay = _decayed[ti] ? lr * config.WeightDecay : 0f;
                int o = tensor.Offset;
                // Every element is updated on its own, so splitting a tensor over threads keeps the bits.
                var state = new Update(p + o, g + o, m + o, v + o, decay, lr, b1, b2, c1, c2, eps);
                Kernels.RowParallel.For(tensor.Length, config.Threads, 16, state, static (in Update u, int start, int end) => u.Run(start, end));
            }
        }
    }

    /// <summary>The update of one tensor's elements [start, end).</summary>
    private readonly unsafe struct Update(float* p, float* g, float* m, float* v, float decay, float lr,
        float b1, float b2, float c1, float c2, float eps)
    {
        public void Run(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                float gi = g[i];
                m[i] = b1 * m[i] + (1f - b1) * gi;
                v[i] = b2 * v[i] + (1f - b2) * gi * gi;
                float mHat = m[i] / c1, vHat = v[i] / c2;
                p[i] -= decay * p[i] + lr * (mHat / (MathF.Sqrt(vHat) + eps));
            }
        }
    }
}
