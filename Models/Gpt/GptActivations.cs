namespace GraphNav.Models.Gpt;

/// <summary>
/// Every intermediate tensor of a forward pass, as named views over one float[] sized for
/// <see cref="MaxBatch"/> × ContextLength (llm.c's ActivationTensors). A forward with B ≤ MaxBatch
/// and T ≤ ContextLength uses the leading B·T rows of each per-layer slice: layer l of a tensor
/// of width W lives at [l·B·T·W, (l+1)·B·T·W). The same type, created with
/// <c>forGradients: true</c>, holds the gradients of the activations (cache-only tensors omitted).
/// </summary>
public sealed class GptActivations
{
    private int _next;

    /// <summary>Allocates the activations of <paramref name="config"/> for up to maxBatch rows.</summary>
    public GptActivations(GptConfig config, int maxBatch, bool forGradients)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (maxBatch <= 0) throw new ArgumentException($"maxBatch must be positive, got {maxBatch}.", nameof(maxBatch));
        MaxBatch = maxBatch;
        int bt = checked(maxBatch * config.ContextLength);
        int l = config.Layers, c = config.Channels, nh = config.Heads, t = config.ContextLength;
        int h = config.UseMlp ? config.MlpChannels : 0, v = config.OutputWidth;
        int lc = config.UseMlp ? l : 0;
        int cache = forGradients ? 0 : 1; // statistics only the forward needs to keep
        int lnf = config.FinalLayerNorm ? 1 : 0;
        int lne = config.EmbeddingLayerNorm ? 1 : 0;
        // Checked: a config read from a file may ask for sizes whose products overflow a long.
        checked
        {
            var sizes = new (string Name, long Size)[]
            {
                ("encoded", (long)bt * c),                 // [B, T, C] wte[id] + wpe[t]
                ("lne", (long)lne * bt * c),               // [B, T, C] LayerNorm of encoded (EmbeddingLayerNorm)
                ("lne_mean", (long)cache * lne * bt),      // [B, T]
                ("lne_rstd", (long)cache * lne * bt),      // [B, T]
                ("ln1", (long)l * bt * c),                 // [L, B, T, C]
                ("ln1_mean", (long)cache * l * bt),        // [L, B, T]
                ("ln1_rstd", (long)cache * l * bt),        // [L, B, T]
                ("qkv", (long)l * bt * 3 * c),             // [L, B, T, 3C]
                ("atty", (long)l * bt * c),                // [L, B, T, C] heads concatenated
                ("att", (long)cache * l * bt * nh * t),    // [L, B, NH, T, T] softmax probabilities
                ("attproj", (long)l * bt * c),             // [L, B, T, C]
                ("residual2", (long)l * bt * c),           // [L, B, T, C] after attention
                ("ln2", (long)lc * bt * c),                // [L, B, T, C]
                ("ln2_mean", (long)cache * lc * bt),       // [L, B, T]
                ("ln2_rstd", (long)cache * lc * bt),       // [L, B, T]
                ("fch", (long)lc * bt * h),                // [L, B, T, 4C]
                ("fch_gelu", (long)lc * bt * h),           // [L, B, T, 4C]
                ("fcproj", (long)lc * bt * c),             // [L, B, T, C]
                ("residual3", (long)lc * bt * c),          // [L, B, T, C] after the MLP
                ("lnf", (long)lnf * bt * c),               // [B, T, C]
                ("lnf_mean", (long)cache * lnf * bt),      // [B, T]
                ("lnf_rstd", (long)cache * lnf * bt),      // [B, T]
                ("logits", (long)bt * v),                  // [B, T, O] O = OutputWidth (V or classes)
                ("probs", (long)cache * bt * v),           // [B, T, O] softmax of logits (loss only)
                ("losses", (long)cache * bt),              // [B, T] per-position cross-entropy
            };
            long total = 0;
            foreach (var (_, size) in sizes) total += size;
            if (total > Array.MaxLength)
                throw new ArgumentException(
                    $"maxBatch {maxBatch} needs {total} activation floats, more than one array can hold; use a smaller batch or model.",
                    nameof(maxBatch));
            Data = new float[total];
            int i = 0;
            Encoded = Next(sizes[i++]); Lne = Next(sizes[i++]); LneMean = Next(sizes[i++]); LneRstd = Next(sizes[i++]);
            Ln1 = Next(sizes[i++]); Ln1Mean = Next(sizes[i++]); Ln1Rstd = Next(sizes[i++]);
            Qkv = Next(sizes[i++]); Atty = Next(sizes[i++]); Att = Next(sizes[i++]); AttProj = Next(sizes[i++]);
            Residual2 = Next(sizes[i++]); Ln2 = Next(sizes[i++]); Ln2Mean = Next(sizes[i++]); Ln2Rstd = Next(sizes[i++]);
            Fch = Next(sizes[i++]); FchGelu = Next(sizes[i++]); FcProj = Next(sizes[i++]); Residual3 = Next(sizes[i++]);
            Lnf = Next(sizes[i++]); LnfMean = Next(sizes[i++]); LnfRstd = Next(sizes[i++]);
            Logits = Next(sizes[i++]); Probs = Next(sizes[i++]); Losses = Next(sizes[i++]);
        }
    }

    /// <summary>Largest batch these buffers hold.</summary>
    public int MaxBatch { get; }

    /// <summary>The single allocation every tensor views.</summary>
    public float[] Data { get; }

#pragma warning disable CS1591 // Shapes are documented in the constructor's table.
    public TensorView Encoded { get; }
    public TensorView Lne { get; }
    public TensorView LneMean { get; }
    public TensorView LneRstd { get; }
    public TensorView Ln1 { get; }
    public TensorView Ln1Mean { get; }
    public TensorView Ln1Rstd { get; }
    public TensorView Qkv { get; }
    public TensorView Atty { get; }
    public TensorView Att { get; }
    public TensorView AttProj { get; }
    public TensorView Residual2 { get; }
    public TensorView Ln2 { get; }
    public TensorView Ln2Mean { get; }
    public TensorView Ln2Rstd { get; }
    public TensorView Fch { get; }
    public TensorView FchGelu { get; }
    public TensorView FcProj { get; }
    public TensorView Residual3 { get; }
    public TensorView Lnf { get; }
    public TensorView LnfMean { get; }
    public TensorView LnfRstd { get; }
    public TensorView Logits { get; }
    public TensorView Probs { get; }
    public TensorView Losses { get; }
#pragma warning restore CS1591

    /// <summary>Zeroes <paramref name="buffer"/> over up to <paramref name="threads"/> threads (for the
    /// few activation gradients whose first writer accumulates; see GptModel.Backward).</summary>
    internal static unsafe void Clear(Span<float> buffer, int threads)
    {
        using var profile = Kernels.KernelProfiler.Measure(Kernels.KernelKind.ZeroGradients);
        fixed (float* p = buffer)
            Kernels.RowParallel.For(buffer.Length, threads, 1, (nint)p, static (in nint q, int start, int end) =>
                new Span<float>((float*)q + start, end - start).Clear());
    }

    private TensorView Next((string Name, long Size) entry)
    {
        var view = new TensorView(entry.Name, [(int)entry.Size], Data, _next);
        _next += (int)entry.Size;
        return view;
    }
}
