using GraphNav.Models.Gpt;

namespace GraphNav.Models.Sampling;

/// <summary>
/// Batched generation with the engine: incremental decoding with a <see cref="GptKvCache"/>
/// (prompts left-aligned; the positions every prompt has are fed in one pass, then all rows advance
/// one position per step, a row samples once its prompt is consumed), or full recomputation when
/// <see cref="SamplingOptions.UseKvCache"/> is false.
/// Prompt i's draws come from SeededRandom.ForStream(Seed, i), so a prompt's output is the same
/// whatever the batch size or the other prompts (and the same with and without the cache).
/// </summary>
public static class GptSampler
{
    /// <summary>Continues each prompt; returns per prompt the generated tokens (including the stop token if produced).</summary>
    public static int[][] Generate(GptModel model, IReadOnlyList<int[]> prompts, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        int batch = options.BatchSize > 0 ? options.BatchSize : model.MaxBatch;
        if (!options.UseKvCache)
            return TokenModelSampler.Generate(model, prompts, options with { BatchSize = batch });
        int vocab = model.VocabSize, context = model.Config.ContextLength;
        SequenceBatch.Validate(prompts, vocab, context);
        var cache = model.KvCache(Math.Min(batch, Math.Max(1, prompts.Count)));
        cache.SyncWeights(); // the parameters may have changed since the last call
        var tokens = new int[cache.MaxRows];
        var logits = new float[cache.MaxBatch * vocab];
        var results = new int[prompts.Count][];
        for (int first = 0; first < prompts.Count; first += cache.MaxBatch)
        {
            int rows = Math.Min(cache.MaxBatch, prompts.Count - first);
            var seqs = new SequenceBatch(prompts, first, rows, vocab, context, options);
            // The positions every prompt has are fed several at a time (one pass over batch × positions
            // rows, as ORT's generator feeds the shared prefix); then one position per step.
            int prefix = seqs.ShortestPrompt, perStep = cache.PositionsPerStep(rows);
            for (int position = 0, count; position < context && !seqs.AllDone; position += count)
            {
                count = position < prefix ? Math.Min(prefix - position, perStep) : 1;
                for (int r = 0; r < rows; r++)
                    for (int i = 0; i < count; i++)
                        tokens[r * count + i] = seqs.TokenAt(r, position + i);
                cache.Step(tokens.AsSpan(0, rows * count), position, rows, count, logits.AsSpan(0, rows * vocab));
                int last = position + count - 1; // the logits are those after each row's last new position
                for (int r = 0; r < rows; r++)
                    if (!seqs.IsDone(r) && last == seqs.Length(r) - 1)
                        seqs.Append(r, logits.AsSpan(r * vocab, vocab));
            }
            for (int r = 0; r < rows; r++) results[first + r] = seqs.Generated(r);
        }
        return results;
    }
}
