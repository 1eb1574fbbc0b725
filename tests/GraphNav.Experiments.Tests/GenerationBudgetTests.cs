using GraphNav.Experiments.Graph;
using GraphNav.Models.Sampling;
using GraphNav.Tasks;
using GraphNav.Tasks.Formats;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// Issue #18: graph tasks accept sequences of T + 1 tokens (the last one only ever a target), but
/// path evaluation let the model generate T tokens in all, so a longest path could never end with END.
/// </summary>
public class GenerationBudgetTests
{
    private sealed class RecordingSource(int vocab, int context) : ICompletionSource
    {
        public SamplingOptions? Options { get; private set; }
        public int VocabSize => vocab;
        public int? ContextLength => context;
        public int[][] Generate(IReadOnlyList<int[]> prompts, SamplingOptions options)
        {
            Options = options;
            return [.. prompts.Select(_ => Array.Empty<int>())];
        }
    }

    [Test]
    public void Path_evaluation_leaves_room_for_the_longest_sequence_the_task_accepts()
    {
        var preset = TaskPresets.Create("bernoulli-quick", seed: 0);
        int longest = preset.TrainPairs.Concat(preset.TestPairs)
            .Max(p => GraphEncoding.PromptLength + Math.Max(preset.Paths(p.Goal).LongestDistance(p.Start), 0) + 2);
        // The same task with the tightest context it accepts: T = longest − 1 (an imported task may be this tight).
        var task = new GraphTask(preset.Name, preset.Kind, preset.Parameters, preset.Seed, preset.Dag, preset.Tokens, preset.Format,
            longest - 1, preset.TrainPairs, preset.TestPairs);
        var source = new RecordingSource(task.Tokens.VocabularySize, task.ContextLength);
        PathEvaluation.Sample(source, task, [task.TestPairs[0]], 0, 1, 0);
        Assert.Multiple(() =>
        {
            Assert.That(GraphEncoding.PromptLength + source.Options!.MaxNewTokens, Is.GreaterThanOrEqualTo(longest));
        });
    }
}
