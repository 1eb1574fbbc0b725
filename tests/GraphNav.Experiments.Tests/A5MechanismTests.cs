using GraphNav.Experiments.Phenomena;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Graphs;
using GraphNav.Tasks.Paths;

namespace GraphNav.Experiments.Tests;

public class A5MechanismTests
{
    // 0→1, 0→2, 0→3, 1→4, 2→3, 3→4, 4→5 : distances to goal 4 are 1:1, 2:2, 3:1, 4:0, 5:∞.
    private static readonly Dag Graph = new(6, [(0, 1), (0, 2), (0, 3), (1, 4), (2, 3), (3, 4), (4, 5)]);

    [Test]
    public void Scores_match_the_formula_on_hand_made_weights()
    {
        // C = 2, node base 1, two nodes. W_V swaps the channels, W_O doubles them.
        float[] wte = [9, 9, /* node 0 */ 1, 0, /* node 1 */ 0, 3];
        float[] wv = [0, 1, 1, 0];
        float[] wo = [2, 0, 0, 2];
        var scores = new A5SuccessorScores(wte, wv, wo, channels: 2, nodeBase: 1, nodeCount: 2);
        // u(goal 0) = W_O·W_V·(1,0) = (0,2); u(goal 1) = W_O·W_V·(0,3) = (6,0).
        Assert.Multiple(() =>
        {
            Assert.That(scores.GoalTerm(successor: 1, goal: 0), Is.EqualTo(6));   // (0,3)·(0,2)
            Assert.That(scores.GoalTerm(successor: 0, goal: 1), Is.EqualTo(6));   // (1,0)·(6,0)
            Assert.That(scores.GoalTerm(successor: 0, goal: 0), Is.EqualTo(0));
            Assert.That(scores.CurrentTerm(successor: 1, current: 1), Is.EqualTo(9));
            Assert.That(scores.Score(1, current: 1, goal: 0), Is.EqualTo(15));
            Assert.That(scores.Score(1, current: 1, goal: 0, goalWeight: 0.5, currentWeight: 0.25), Is.EqualTo(3 + 2.25));
            Assert.Throws<ArgumentOutOfRangeException>(() => scores.GoalTerm(2, 0));
        });
    }

    [Test]
    public void Scores_read_the_value_block_and_output_projection_of_a_model()
    {
        var tokens = TokenMap.Default(6);
        var model = new GptModel(GptConfig.AttentionOnlyA5(tokens.VocabularySize, 16), seed: 3);
        var scores = A5SuccessorScores.FromModel(model, tokens);
        int c = model.Config.Channels;
        var p = model.Parameters;
        // Recompute one goal term directly: ⟨wte[s], attprojw·(qkvw[2C..3C]·wte[g])⟩.
        int s = 4, g = 2;
        var eg = p.Wte.Span.Slice(tokens.Node(g) * c, c).ToArray();
        var es = p.Wte.Span.Slice(tokens.Node(s) * c, c).ToArray();
        var qkv = p.Qkvw.Layer(0).ToArray();
        var wo = p.AttProjw.Layer(0).ToArray();
        var v = new double[c];
        for (int o = 0; o < c; o++) for (int i = 0; i < c; i++) v[o] += qkv[(2 * c + o) * c + i] * eg[i];
        double expected = 0;
        for (int o = 0; o < c; o++)
        {
            double u = 0;
            for (int i = 0; i < c; i++) u += wo[o * c + i] * v[i];
            expected += es[o] * u;
        }
        Assert.That(scores.GoalTerm(s, g), Is.EqualTo(expected).Within(1e-9 * Math.Max(1, Math.Abs(expected))));
        Assert.Throws<ArgumentException>(() => A5SuccessorScores.FromModel(new GptModel(GptConfig.PaperA(tokens.VocabularySize), 1), tokens));
    }

    [Test]
    public void Rho_all_ranks_unreachable_successors_as_tied_infinity()
    {
        var paths = new GoalPaths(Graph, 4);
        // Successors of 0 are 1 (d 1), 2 (d 2), 3 (d 1); scores fall with distance → ρ negative.
        var (all, reach) = A5Metrics.DistanceCorrelations(Graph.Successors(0), s => s == 2 ? 0 : 10 - s, paths);
        Assert.Multiple(() =>
        {
            // ranks of scores (9, 0, 7) = (3, 1, 2); ranks of distances (1, 2, 1) = (1.5, 3, 1.5) → ρ = −0.866.
            Assert.That(all, Is.EqualTo(-Math.Sqrt(3) / 2).Within(1e-12));
            Assert.That(reach, Is.EqualTo(-Math.Sqrt(3) / 2).Within(1e-12));   // all three reach: same set
        });
        // Successors of 4 towards goal 5... use goal 3: successors of 0 are 1 (∞), 2 (1), 3 (0); only two reach → ρ_reach NaN.
        var toThree = new GoalPaths(Graph, 3);
        var (all3, reach3) = A5Metrics.DistanceCorrelations(Graph.Successors(0), s => -s, toThree);
        Assert.Multiple(() =>
        {
            Assert.That(all3, Is.EqualTo(1).Within(1e-12));   // score −1, −2, −3 vs distance ∞, 1, 0: perfectly "wrong way"
            Assert.That(reach3, Is.NaN);
        });
    }

    [Test]
    public void Navigate_follows_the_best_score_and_stops_at_dead_ends_and_past_the_goal()
    {
        // Prefer the highest node: 0→3→4 reaches goal 4.
        var up = A5Metrics.Navigate(Graph, 0, 4, 10, (_, s) => s);
        // Prefer the lowest node towards goal 3: 0→1→4, and 4 > 3, so the walk stops without reaching it.
        var low = A5Metrics.Navigate(Graph, 0, 3, 10, (_, s) => -s);
        // Length bound: at most 2 nodes.
        var shortWalk = A5Metrics.Navigate(Graph, 0, 5, 2, (_, s) => s);
        // Ties go to the lowest id.
        var tie = A5Metrics.Navigate(Graph, 0, 4, 10, (_, _) => 0);
        Assert.Multiple(() =>
        {
            Assert.That(up, Is.EqualTo(new[] { 0, 3, 4 }));
            Assert.That(low, Is.EqualTo(new[] { 0, 1, 4 }));
            Assert.That(shortWalk, Is.EqualTo(new[] { 0, 3 }));
            Assert.That(tie, Is.EqualTo(new[] { 0, 1, 4 }));
        });
    }

    [Test]
    public void Attention_on_tokens_sums_the_last_row_over_positions_holding_each_token()
    {
        var tokens = TokenMap.Default(6);
        var model = new GptModel(GptConfig.AttentionOnlyA5(tokens.VocabularySize, 16), seed: 5);
        // prompt: goal 4, start 0, ':'; walk: 0 (start appears twice).
        int[] ids = [tokens.Node(4), tokens.Node(0), tokens.Colon, tokens.Node(0)];
        var buffer = new float[16 * 16];
        var (goal, current) = A5Metrics.AttentionOnTokens(model, ids, tokens.Node(4), tokens.Node(0), buffer);
        var maps = new float[16];
        model.AttentionMaps(ids, 1, 4, 0, maps);
        Assert.Multiple(() =>
        {
            Assert.That(goal, Is.EqualTo(maps[12]).Within(1e-7));
            Assert.That(current, Is.EqualTo(maps[13] + maps[15]).Within(1e-6));
            Assert.That(maps[12] + maps[13] + maps[14] + maps[15], Is.EqualTo(1).Within(1e-5));
        });
    }

    [Test]
    public void Best_successor_takes_the_first_on_ties_and_rejects_an_empty_list()
    {
        Assert.Multiple(() =>
        {
            Assert.That(A5Metrics.BestSuccessor([3, 5, 7], s => s == 7 ? 1 : 0), Is.EqualTo(7));
            Assert.That(A5Metrics.BestSuccessor([3, 5, 7], _ => 2), Is.EqualTo(3));
            Assert.Throws<ArgumentException>(() => A5Metrics.BestSuccessor([], _ => 0));
        });
    }

    [Test]
    public void Median_ignores_nan()
    {
        Assert.Multiple(() =>
        {
            Assert.That(A5Metrics.Median([3, double.NaN, 1, 2]), Is.EqualTo(2));
            Assert.That(A5Metrics.Median([4, 1, 2, 3]), Is.EqualTo(2.5));
            Assert.That(A5Metrics.Median([double.NaN]), Is.NaN);
        });
    }
}
