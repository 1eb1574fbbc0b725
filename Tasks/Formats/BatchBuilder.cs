namespace GraphNav.Tasks.Formats;

/// <summary>
/// Packs examples into the engine's [B, T] input/target buffers (the only contract between tasks and
/// the engine, which knows nothing of graphs).
/// </summary>
public static class BatchBuilder
{
    /// <summary>Target value the loss ignores.</summary>
    public const int Ignore = -1;

    /// <summary>
    /// Fills row-major [B, T] buffers from B = batch.Length examples, without allocating:
    /// inputs[b, t] = Ids[t] (<paramref name="padId"/> beyond the end);
    /// targets[b, t] = Ids[t + 1] when LossFrom ≤ t + 1 &lt; Ids.Length, else −1 (never the prompt, never PAD).
    /// </summary>
    /// <param name="inputs">[B, T] token ids.</param>
    /// <param name="targets">[B, T] next-token targets or −1.</param>
    /// <param name="batch">B examples; each needs Ids.Length − 1 ≤ T.</param>
    /// <param name="contextLength">T.</param>
    /// <param name="padId">Id written after the end of each example.</param>
    public static void Fill(Span<int> inputs, Span<int> targets, ReadOnlySpan<Example> batch, int contextLength, int padId)
    {
        if (contextLength < 1)
            throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, "Context length T must be ≥ 1.");
        long cells = (long)batch.Length * contextLength;
        if (inputs.Length != cells || targets.Length != cells)
            throw new ArgumentException(
                $"Buffers must hold B·T = {batch.Length}·{contextLength} = {cells} ids; got inputs {inputs.Length}, targets {targets.Length}.");
        for (int b = 0; b < batch.Length; b++)
        {
            var ids = batch[b].Ids ?? throw new ArgumentException($"Example {b} has no ids.", nameof(batch));
            int lossFrom = batch[b].LossFrom;
            if (ids.Length - 1 > contextLength)
                throw new ArgumentException(
                    $"Example {b} has {ids.Length} tokens ({ids.Length - 1} input positions) but the context length is {contextLength}.",
                    nameof(batch));
            if (lossFrom < 1 || lossFrom > ids.Length)
                throw new ArgumentException($"Example {b} has LossFrom {lossFrom} outside [1, {ids.Length}].", nameof(batch));
            var inRow = inputs.Slice(b * contextLength, contextLength);
            var tgRow = targets.Slice(b * contextLength, contextLength);
            int inputCount = Math.Min(ids.Length, contextLength);
            ids.AsSpan(0, inputCount).CopyTo(inRow);
            inRow[inputCount..].Fill(padId);
            // Target at t is Ids[t+1]: positions lossFrom-1 .. ids.Length-2 carry loss.
            tgRow.Fill(Ignore);
            int first = lossFrom - 1, last = ids.Length - 2;
            if (last >= first)
                ids.AsSpan(first + 1, last - first + 1).CopyTo(tgRow[first..]);
        }
    }
}
