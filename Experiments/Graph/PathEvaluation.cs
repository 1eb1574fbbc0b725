using GraphNav.Models.Sampling;
using GraphNav.Tasks;

namespace GraphNav.Experiments.Graph;

/// <summary>Generates and scores completions for (start, goal) pairs of a graph task.</summary>
public static class PathEvaluation
{
    /// <summary>
    /// Samples <paramref name="samplesPerPair"/> completions per reachable pair at
    /// <paramref name="temperature"/> and scores them against the graph. Sample j of pair i draws from
    /// the stream (seed, i·samples + j), so results do not depend on batch size.
    /// </summary>
    public static PairSamples[] Sample(ICompletionSource source, GraphTask task, IReadOnlyList<NodePair> pairs,
        float temperature, int samplesPerPair, ulong seed, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerPair, 1);
        if (temperature == 0) samplesPerPair = 1; // greedy decoding is deterministic: one sample says it all

        var prompts = new List<int[]>(pairs.Count * samplesPerPair);
        foreach (var pair in pairs)
        {
            var prompt = task.Prompt(pair);
            for (int j = 0; j < samplesPerPair; j++) prompts.Add(prompt);
        }
        int context = Math.Min(task.ContextLength, source.ContextLength ?? int.MaxValue);
        var options = new SamplingOptions
        {
            Temperature = temperature,
            StopToken = task.Tokens.End,
            // Sequences of T + 1 tokens are valid (the last is only ever a target): a longest path's END fits.
            MaxNewTokens = context + 1 - Tasks.Formats.GraphEncoding.PromptLength,
            Seed = seed,
            BatchSize = batchSize,
        };
        var completions = source.Generate(prompts, options);

        var result = new PairSamples[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            var mine = completions.AsSpan(i * samplesPerPair, samplesPerPair).ToArray();
            var pair = pairs[i];
            result[i] = new PairSamples(pair, mine, [.. mine.Select(c => task.Score(pair, c))]);
        }
        return result;
    }
}
