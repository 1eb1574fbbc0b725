using GraphNav.Experiments.Graph;
using GraphNav.Models.Gpt;
using GraphNav.Tasks;
using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// The walks that decompose A5's gap between the model and the value-path surrogate (issue #18), on
/// the held-out reachable pairs the surrogates walk:
/// the restricted-attention control (<see cref="A5RestrictedAttention"/>) decoded greedily exactly as
/// the model is (<see cref="PathEvaluation"/>, a valid path ending in END), and two successor walks
/// (<see cref="A5Metrics.Navigate"/>, the surrogates' rule: argmax over the current node's successors,
/// no END needed) whose score is a next-token logit — the model's own, and the control's.
/// </summary>
public static class A5ControlWalks
{
    /// <summary>What was measured on one pair: 1 when the walk is valid / reached the goal, else 0.</summary>
    /// <param name="RestrictedValid">The control's greedy completion is a valid path.</param>
    /// <param name="RestrictedMisstep">The control's greedy completion is a misstep (a non-edge, a repeated node, a non-node inside the path, or a wrong first node).</param>
    /// <param name="RestrictedWalkReached">The successor walk on the control's logits reached the goal.</param>
    /// <param name="ModelWalkReached">The successor walk on the model's own logits reached the goal.</param>
    public readonly record struct PairOutcome(double RestrictedValid, double RestrictedMisstep, double RestrictedWalkReached, double ModelWalkReached);

    /// <summary>Greedy control completions and both successor walks, for every pair (in order).</summary>
    /// <param name="model">The engine's 1-layer, 1-head attention-only model.</param>
    /// <param name="task">Its task.</param>
    /// <param name="pairs">Held-out reachable pairs.</param>
    /// <param name="maxNodes">Longest walk in nodes (as the surrogates walk).</param>
    /// <param name="seed">Seed of the greedy evaluation (greedy decoding draws nothing; kept as the model's).</param>
    public static PairOutcome[] Measure(GptModel model, GraphTask task, IReadOnlyList<NodePair> pairs, int maxNodes, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(pairs);
        var restricted = new A5RestrictedAttention(model, A5AttentionRestriction.GoalAndCurrent);
        var greedy = PathEvaluation.Sample(new TokenModelCompletionSource(restricted), task, pairs, 0, 1, seed);
        var restrictedLogits = new double[restricted.VocabSize];
        var modelLogits = new float[model.Config.ContextLength * model.VocabSize];
        var outcomes = new PairOutcome[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            double restrictedWalk = Reached(pair, (ids, node) =>
            {
                restricted.LastLogits(ids, restrictedLogits);
                return restrictedLogits[node];
            });
            double modelWalk = Reached(pair, (ids, node) =>
            {
                var logits = modelLogits.AsSpan(0, ids.Length * model.VocabSize);
                model.Logits(ids, 1, ids.Length, logits);
                return logits[(ids.Length - 1) * model.VocabSize + node];
            });
            outcomes[i] = new PairOutcome(greedy[i].Accuracy, greedy[i].Fraction(PathOutcome.Misstep), restrictedWalk, modelWalk);
        }
        return outcomes;

        // A successor walk scored by a next-token logit after prompt + walk: one forward per step
        // (the last one is reused for every candidate successor).
        double Reached(NodePair pair, Func<int[], int, double> logit)
        {
            int scoredFor = -1;
            int[] ids = [];
            var walk = A5Metrics.Navigate(task.Dag, pair.Start, pair.Goal, maxNodes, (walk, s) =>
            {
                if (walk.Count != scoredFor)
                {
                    ids = new int[GraphEncoding.PromptLength + walk.Count];
                    task.Prompt(pair).CopyTo(ids, 0);
                    for (int k = 0; k < walk.Count; k++) ids[GraphEncoding.PromptLength + k] = task.Tokens.Node(walk[k]);
                    scoredFor = walk.Count;
                }
                return logit(ids, task.Tokens.Node(s));
            });
            return walk[^1] == pair.Goal ? 1 : 0;
        }
    }

    /// <summary>
    /// Largest |logit difference| between the unrestricted control and the engine's forward over
    /// <paramref name="sequences"/> (cut to the context), and the largest |logit| of the engine there
    /// (the scale the difference is float rounding of): evidence, on the trained weights, that the
    /// control without its restriction is the model.
    /// </summary>
    public static (double Difference, double LargestLogit) UnrestrictedDifference(GptModel model, IEnumerable<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sequences);
        var control = new A5RestrictedAttention(model, A5AttentionRestriction.AllPositions);
        double max = 0, largest = 0;
        foreach (var full in sequences)
        {
            var ids = full.AsSpan(0, Math.Min(full.Length, model.Config.ContextLength));
            var expected = new float[ids.Length * model.VocabSize];
            var actual = new float[expected.Length];
            model.Logits(ids, 1, ids.Length, expected);
            control.Logits(ids, 1, ids.Length, actual);
            for (int k = 0; k < expected.Length; k++)
            {
                max = Math.Max(max, Math.Abs(expected[k] - actual[k]));
                largest = Math.Max(largest, Math.Abs(expected[k]));
            }
        }
        return (max, largest);
    }
}
