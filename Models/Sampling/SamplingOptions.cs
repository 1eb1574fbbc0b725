namespace GraphNav.Models.Sampling;

/// <summary>How to continue prompts (one comment per field).</summary>
public sealed record SamplingOptions
{
    /// <summary>Softmax temperature; 0 = greedy argmax (lowest index on ties, no random draws).</summary>
    public float Temperature { get; init; }

    /// <summary>Keep only the k largest logits before sampling (ties with the k-th are kept); 0 = off.</summary>
    public int TopK { get; init; }

    /// <summary>Generation of a sequence stops after this token (which is included in the output); null = none.</summary>
    public int? StopToken { get; init; }

    /// <summary>Most new tokens per prompt; generation also stops when prompt + output fills the context.</summary>
    public int MaxNewTokens { get; init; } = 32;

    /// <summary>Seed; prompt i draws from SeededRandom.ForStream(Seed, i), so its output does not depend
    /// on the batch size or on the other prompts.</summary>
    public ulong Seed { get; init; }

    /// <summary>Prompts run together per forward; 0 = the model's MaxBatch (engine) or 64 (any ITokenModel).</summary>
    public int BatchSize { get; init; }

    /// <summary>Engine only: decode incrementally with a KV cache (true) or recompute the full forward per token.</summary>
    public bool UseKvCache { get; init; } = true;

    /// <summary>Returns this, or throws ArgumentException naming the invalid field.</summary>
    public SamplingOptions Validated()
    {
        if (!(Temperature >= 0) || float.IsInfinity(Temperature))
            throw new ArgumentException($"SamplingOptions.Temperature must be a finite number ≥ 0, got {Temperature}.");
        if (TopK < 0) throw new ArgumentException($"SamplingOptions.TopK must be ≥ 0 (0 = off), got {TopK}.");
        if (MaxNewTokens < 0) throw new ArgumentException($"SamplingOptions.MaxNewTokens must be ≥ 0, got {MaxNewTokens}.");
        if (BatchSize < 0) throw new ArgumentException($"SamplingOptions.BatchSize must be ≥ 0, got {BatchSize}.");
        return this;
    }
}
