using GraphNav.Experiments.Graph;
using GraphNav.Models.Gpt;
using GraphNav.Tasks;

namespace GraphNav.Benchmarks;

/// <summary>
/// The model and data every throughput benchmark uses, identical to Benchmarks/reference/bench.py:
/// the paper-A GPT (2 layers, C 64, 2 heads, T 32) on the quick Bernoulli task (V = 106), seed 0.
/// </summary>
internal static class PaperModel
{
    public const int Context = 32;
    public const int PromptLength = 3;

    public static GraphTask Task { get; } = TaskPresets.Create("bernoulli-quick", 0);

    public static GptConfig Config { get; } = GptConfig.PaperA(Task.Tokens.VocabularySize) with { ContextLength = Context };

    /// <summary><paramref name="count"/> batches [B,T] of the task's training stream.</summary>
    public static (int[] Inputs, int[] Targets)[] Batches(int batch, int count)
    {
        var source = ExampleBatchSource.For(Task, dataSeed: 0);
        var batches = new (int[], int[])[count];
        for (int i = 0; i < count; i++)
        {
            var inputs = new int[batch * Context];
            var targets = new int[batch * Context];
            source.Next(inputs, targets, batch, Context);
            batches[i] = (inputs, targets);
        }
        return batches;
    }

    /// <summary>Prompts (goal start :) of the first held-out pairs, cycled to <paramref name="count"/>.</summary>
    public static int[][] Prompts(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Task.Prompt(Task.TestPairs[i % Task.TestPairs.Count]))];
}
