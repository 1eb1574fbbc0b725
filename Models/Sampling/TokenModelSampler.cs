namespace GraphNav.Models.Sampling;

/// <summary>
/// Generation for any <see cref="ITokenModel"/> (e.g. an ONNX model without a cache): every step
/// recomputes the full forward over the current sequences, right-padded with 0 to the longest row
/// (harmless for causal models: padding only follows the positions read).
/// </summary>
public static class TokenModelSampler
{
    /// <summary>Continues each prompt; returns per prompt the generated tokens (including the stop token if produced).</summary>
    public static int[][] Generate(ITokenModel model, IReadOnlyList<int[]> prompts, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        int vocab = model.VocabSize;
        SequenceBatch.Validate(prompts, vocab, model.ContextLength);
        int batch = options.BatchSize > 0 ? options.BatchSize : 64;
        var results = new int[prompts.Count][];
        for (int first = 0; first < prompts.Count; first += batch)
        {
            int rows = Math.Min(batch, prompts.Count - first);
            var seqs = new SequenceBatch(prompts, first, rows, vocab, model.ContextLength, options);
            var ids = new int[rows * seqs.MaxLength];
            var logits = new float[rows * seqs.MaxLength * vocab];
            while (!seqs.AllDone)
            {
                // Only rows still generating set the width: a finished row may hold context + 1 tokens,
                // one more than the model reads; its outputs are ignored, so it is cut to the width.
                int t = 0;
                for (int r = 0; r < rows; r++)
                    if (!seqs.IsDone(r)) t = Math.Max(t, seqs.Length(r));
                for (int r = 0; r < rows; r++)
                    for (int i = 0; i < t; i++) ids[r * t + i] = seqs.TokenAt(r, i);
                model.Logits(ids.AsSpan(0, rows * t), rows, t, logits.AsSpan(0, rows * t * vocab));
                for (int r = 0; r < rows; r++)
                    if (!seqs.IsDone(r))
                        seqs.Append(r, logits.AsSpan((r * t + seqs.Length(r) - 1) * vocab, vocab));
            }
            for (int r = 0; r < rows; r++) results[first + r] = seqs.Generated(r);
        }
        return results;
    }
}
