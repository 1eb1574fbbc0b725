using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Phenomena;
using GraphNav.Models.Gpt;
using GraphNav.Tasks;

namespace GraphNav.Experiments.Tests;

/// <summary>Issue #18's restricted-attention control for A5: without its restriction it is the model; with it, only {goal, current} is read.</summary>
public class A5RestrictedAttentionTests
{
    /// <summary>An A5-shaped model whose every parameter (biases, LayerNorm gains included) is random, so no term can hide behind a zero.</summary>
    private static GptModel RandomModel(GptConfig config, int seed)
    {
        var model = new GptModel(config, (ulong)seed);
        var random = new Random(seed);
        var data = model.Parameters.Data;
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1) * 0.25f;
        return model;
    }

    private static int[] RandomIds(Random random, int length, int vocab) => [.. Enumerable.Range(0, length).Select(_ => random.Next(vocab))];

    [TestCase(true, true)]
    [TestCase(false, false)]
    public void Without_its_restriction_the_control_reproduces_the_models_logits(bool finalLayerNorm, bool tiedHead)
    {
        var config = GptConfig.AttentionOnlyA5(vocabSize: 40, contextLength: 16) with { FinalLayerNorm = finalLayerNorm, TiedHead = tiedHead };
        var model = RandomModel(config.Validated(), seed: 7);
        var control = new A5RestrictedAttention(model, A5AttentionRestriction.AllPositions);
        var random = new Random(1);
        const int batch = 3, sequence = 16;
        var ids = RandomIds(random, batch * sequence, config.VocabSize);
        var expected = new float[batch * sequence * config.VocabSize];
        var actual = new float[expected.Length];
        model.Logits(ids, batch, sequence, expected);
        control.Logits(ids, batch, sequence, actual);
        double largest = expected.Max(Math.Abs);
        Assert.That(largest, Is.GreaterThan(0.5), "logits of a size where a missing term would show");
        for (int i = 0; i < expected.Length; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(1e-5), $"logit {i}");
        Assert.That(A5ControlWalks.UnrestrictedDifference(model, [ids[..sequence], ids[sequence..(2 * sequence)]]).Difference, Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void With_positions_carrying_nothing_the_restricted_control_is_the_model_run_on_the_goal_and_current_tokens_alone()
    {
        // Position embeddings zero: the only thing the kept positions carry is their tokens, so attending to
        // {goal at 0, current at t} and renormalising is the model's forward on the two-token sequence [goal, current].
        var config = GptConfig.AttentionOnlyA5(vocabSize: 40, contextLength: 16);
        var model = RandomModel(config, seed: 11);
        model.Parameters.Wpe.Span.Clear();
        var control = new A5RestrictedAttention(model, A5AttentionRestriction.GoalAndCurrent);
        var random = new Random(2);
        for (int trial = 0; trial < 5; trial++)
        {
            // Distinct tokens, so that goal and current each sit at exactly one position.
            int[] ids = [.. Enumerable.Range(0, config.VocabSize).OrderBy(_ => random.Next()).Take(10)];
            var restricted = new double[config.VocabSize];
            control.LastLogits(ids, restricted);
            var twoTokens = new float[2 * config.VocabSize];
            model.Logits([ids[0], ids[^1]], 1, 2, twoTokens);
            var full = new float[ids.Length * config.VocabSize];
            model.Logits(ids, 1, ids.Length, full);
            double moved = 0;
            for (int k = 0; k < config.VocabSize; k++)
            {
                Assert.That(restricted[k], Is.EqualTo(twoTokens[config.VocabSize + k]).Within(1e-5), $"trial {trial}, logit {k}");
                moved = Math.Max(moved, Math.Abs(restricted[k] - full[(ids.Length - 1) * config.VocabSize + k]));
            }
            Assert.That(moved, Is.GreaterThan(1e-2), "the restriction changes the logits of a random model");
        }
    }

    [Test]
    public void On_hand_made_weights_the_restriction_changes_the_answer()
    {
        // C = V = 5, one-hot token embeddings × 0.1, no positions, q = k = 0 (uniform attention over the kept
        // positions), v = ln1(x), W_O = identity, no final LayerNorm, head = identity: logits = x_t + mean of the
        // kept positions' LayerNorm'd one-hots. Sequence goal(0) start(1) :(2) 3 3 3, current 4: the three 3s pull
        // the full model to token 3; restricted to {goal, current} the answer is 4.
        var config = new GptConfig
        {
            VocabSize = 5, ContextLength = 8, Layers = 1, Heads = 1, Channels = 5,
            UseMlp = false, FinalLayerNorm = false, TiedHead = false,
        }.Validated();
        var model = new GptModel(config, seed: 0);
        var p = model.Parameters;
        Array.Clear(p.Data);
        for (int k = 0; k < 5; k++)
        {
            p.Wte.Span[k * 5 + k] = 0.1f;
            p.LmHeadw.Span[k * 5 + k] = 1;
            p.AttProjw.Layer(0)[k * 5 + k] = 1;
            p.Qkvw.Layer(0)[(10 + k) * 5 + k] = 1; // V block = identity
            p.Ln1w.Layer(0)[k] = 1;
        }
        int[] ids = [0, 1, 2, 3, 3, 3, 4];
        var engine = new float[ids.Length * 5];
        model.Logits(ids, 1, ids.Length, engine);
        var all = new double[5];
        var restricted = new double[5];
        new A5RestrictedAttention(model, A5AttentionRestriction.AllPositions).LastLogits(ids, all);
        new A5RestrictedAttention(model, A5AttentionRestriction.GoalAndCurrent).LastLogits(ids, restricted);

        // (Within 1e-7: the weights are the floats 0.1f and ε = 1e-5f.)
        // ln1 of 0.1 × a one-hot over 5 channels: mean 0.02, variance 0.0016, so 0.08/sd at the token and −0.02/sd
        // elsewhere; the kept {0, 4} average to 0.03/sd at 0 and 4; the residual adds 0.1 at the current token 4.
        double sd = Math.Sqrt(0.0016 + config.LayerNormEps);
        double[] expected = [0.03 / sd, -0.02 / sd, -0.02 / sd, -0.02 / sd, 0.03 / sd + 0.1];
        Assert.Multiple(() =>
        {
            Assert.That(ArgMax(engine.AsSpan((ids.Length - 1) * 5, 5).ToArray().Select(x => (double)x).ToArray()), Is.EqualTo(3));
            Assert.That(ArgMax(all), Is.EqualTo(3));
            Assert.That(ArgMax(restricted), Is.EqualTo(4));
            for (int k = 0; k < 5; k++) Assert.That(restricted[k], Is.EqualTo(expected[k]).Within(1e-7), $"logit {k}");
        });
    }

    [Test]
    public void A_row_keeps_the_goal_and_its_current_node_wherever_they_occur()
    {
        // goal 7, start 5, colon 2, path 5 6 5 (a node seen twice).
        int[] ids = [7, 5, 2, 5, 6, 5];
        bool[] Row(int t) => [.. Enumerable.Range(0, t + 1).Select(j => A5RestrictedAttention.Keeps(A5AttentionRestriction.GoalAndCurrent, ids, t, j))];
        Assert.Multiple(() =>
        {
            Assert.That(Row(5), Is.EqualTo(new[] { true, true, false, true, false, true }));  // current 5
            Assert.That(Row(4), Is.EqualTo(new[] { true, false, false, false, true }));       // current 6
            Assert.That(Row(2), Is.EqualTo(new[] { true, true, false }));                     // colon: its next token is the start node
            Assert.That(A5RestrictedAttention.Keeps(A5AttentionRestriction.AllPositions, ids, 5, 2), Is.True);
            Assert.Throws<ArgumentOutOfRangeException>(() => A5RestrictedAttention.Keeps(A5AttentionRestriction.AllPositions, ids, 2, 3));
        });
    }

    [Test]
    public void Decoded_like_the_model_the_unrestricted_control_writes_the_models_completions()
    {
        var task = TaskPresets.Create("bernoulli-quick", 0);
        var model = new GptModel(GptConfig.AttentionOnlyA5(task.Tokens.VocabularySize, task.ContextLength), seed: 4);
        var pairs = task.TestPairs.Where(task.IsReachable).Take(12).ToArray();
        var engine = PathEvaluation.Sample(new EngineCompletionSource(model), task, pairs, 0, 1, 0);
        var control = PathEvaluation.Sample(new TokenModelCompletionSource(new A5RestrictedAttention(model, A5AttentionRestriction.AllPositions)), task, pairs, 0, 1, 0);
        for (int i = 0; i < pairs.Length; i++)
            Assert.That(control[i].Completions[0], Is.EqualTo(engine[i].Completions[0]), $"pair {i}");
    }

    [Test]
    public void The_control_refuses_a_model_that_is_not_one_attention_only_layer_with_one_head()
    {
        Assert.Throws<ArgumentException>(() => new A5RestrictedAttention(new GptModel(GptConfig.PaperA(20), 1), A5AttentionRestriction.GoalAndCurrent));
        var model = new GptModel(GptConfig.AttentionOnlyA5(20, 8), 1);
        var control = new A5RestrictedAttention(model, A5AttentionRestriction.GoalAndCurrent);
        Assert.Throws<ArgumentOutOfRangeException>(() => control.LastLogits([0, 1, 25], new double[20]));
        Assert.Throws<ArgumentOutOfRangeException>(() => control.LastLogits(new int[9], new double[20]));
    }

    private static int ArgMax(double[] values) => Array.IndexOf(values, values.Max());
}
