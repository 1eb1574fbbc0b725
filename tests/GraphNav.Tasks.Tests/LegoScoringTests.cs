using GraphNav.Tasks.Lego;

namespace GraphNav.Tasks.Tests;

public class LegoScoringTests
{
    private static readonly LegoGenerator Generator = new(LegoSpec.Create(6, 2, contextLength: 32, seed: 0, testSize: 400));

    /// <summary>Logits [B, T, classes] that make a model answer <paramref name="answer"/> at every clause.</summary>
    private static float[] LogitsFor(IReadOnlyList<LegoSentence> sentences, int t, int classes, Func<LegoSentence, int, int> answer)
    {
        var logits = new float[sentences.Count * t * classes];
        for (int b = 0; b < sentences.Count; b++)
        {
            var s = sentences[b];
            for (int c = 0; c < s.Variables; c++)
            {
                int at = (b * t + LegoSentence.VariableToken(c)) * classes;
                int label = answer(s, c);
                if (classes == 1) logits[at] = label == 1 ? 2.5f : -0.5f;
                else (logits[at], logits[at + 1]) = label == 1 ? (-1f, 0.3f) : (0.7f, -2f);
            }
        }
        return logits;
    }

    [TestCase(1)]
    [TestCase(2)]
    public void A_perfect_predictor_scores_100_percent_everywhere(int classes)
    {
        var test = Generator.TestSet();
        var logits = LogitsFor(test, 32, classes, (s, c) => s.Label(c));
        var outcomes = LegoScoring.ScoreBatch(test, 0, test.Count, 32, classes, logits);
        Assert.Multiple(() =>
        {
            Assert.That(LegoScoring.AccuracyByPosition(outcomes), Is.All.EqualTo(1.0));
            Assert.That(LegoScoring.Accuracy(outcomes, 3, 6), Is.EqualTo(1.0));
            Assert.That(outcomes.All(o => Enumerable.Range(1, 6).All(o.IsCorrect)));
        });
    }

    [TestCase(1)]
    [TestCase(2)]
    public void The_shortcut_predictor_agrees_fully_and_is_at_chance_beyond_position_2(int classes)
    {
        var test = Generator.TestSet();
        var logits = LogitsFor(test, 32, classes, LegoShortcutProbe.ShortcutLabel);
        var outcomes = LegoScoring.ScoreBatch(test, 0, test.Count, 32, classes, logits);
        var accuracy = LegoScoring.AccuracyByPosition(outcomes);
        // 400 sentences: one standard deviation of a fair coin's rate is 0.025; allow 4.
        Assert.Multiple(() =>
        {
            Assert.That(LegoShortcutProbe.AgreementByPosition(outcomes), Is.All.EqualTo(1.0));
            Assert.That(accuracy[0], Is.EqualTo(1.0));
            Assert.That(accuracy[1], Is.EqualTo(1.0));
            for (int p = 3; p <= 6; p++) Assert.That(accuracy[p - 1], Is.EqualTo(0.5).Within(0.1), $"position {p}");
        });
    }

    [Test]
    public void Shortcut_labels_of_the_worked_example_are_first_value_times_own_sign()
    {
        // "j = + k , k = + 1 , s = - j , u = + s ,": first value +1 (k). Truth by chain position:
        // k +1, j +1, s −1, u −1. Shortcut: k its value +1; j +·+ = +1; s +·− = −1; u +·+ = +1.
        var worked = new LegoGenerator(LegoSpec.Create(4, 2, seed: 7)).Sentence(LegoSplit.Train, 0);
        Assert.That(Enumerable.Range(0, 4).Select(c => LegoShortcutProbe.ShortcutLabel(worked, c)), Is.EqualTo(new[] { 1, 1, 0, 1 }));

        // Answers by chain position 1…4: right, right, wrong (says +1), right.
        var outcome = LegoScoring.FromPredictions(worked, [1, 1, 1, 0]);
        var alwaysShortcut = LegoScoring.FromPredictions(worked, [1, 1, 0, 1]);
        LegoOutcome[] both = [outcome, alwaysShortcut];
        Assert.Multiple(() =>
        {
            Assert.That(LegoScoring.AccuracyByPosition(both), Is.EqualTo(new[] { 1.0, 1.0, 0.5, 0.5 }));
            Assert.That(LegoShortcutProbe.AgreementByPosition(both), Is.EqualTo(new[] { 1.0, 1.0, 0.5, 0.5 }));
            Assert.That(LegoScoring.Accuracy(both, 1, 2), Is.EqualTo(1.0));
            Assert.That(LegoScoring.Accuracy(both, 3, 4), Is.EqualTo(0.5));
            Assert.That(LegoScoring.Accuracy([outcome], 1, 4), Is.EqualTo(0.75));
            Assert.That(outcome.Truth(4), Is.EqualTo(0));
            Assert.That(outcome.Shortcut(4), Is.EqualTo(1));
        });
    }

    [Test]
    public void Scoring_reads_the_left_hand_token_in_sentence_order()
    {
        // Worked example: clauses j, k, s, u sit at tokens 0, 5, 10, 15 with chain positions 2, 1, 3, 4.
        var worked = new LegoGenerator(LegoSpec.Create(4, 2, seed: 7)).Sentence(LegoSplit.Train, 0);
        var logits = new float[20];
        logits[0] = 1f;   // j (position 2) → +1
        logits[5] = -1f;  // k (position 1) → −1
        logits[10] = 0f;  // s (position 3) → tie at 0 → −1
        logits[15] = 3f;  // u (position 4) → +1
        logits[1] = float.NaN; // not a scored token: ignored
        var outcome = LegoScoring.Score(worked, logits, 1);
        Assert.That(Enumerable.Range(1, 4).Select(outcome.Predicted), Is.EqualTo(new[] { 0, 1, 0, 1 }));
    }

    [Test]
    public void Bad_logits_are_rejected()
    {
        var worked = new LegoGenerator(LegoSpec.Create(4, 2, seed: 7)).Sentence(LegoSplit.Train, 0);
        var nan = new float[40];
        nan[2 * 10 + 1] = float.NaN;
        Assert.Multiple(() =>
        {
            Assert.That(() => LegoScoring.Score(worked, new float[40], 3), Throws.ArgumentException.With.Message.Contains("1 or 2"));
            Assert.That(() => LegoScoring.Score(worked, new float[19], 1), Throws.ArgumentException.With.Message.Contains("20 × 1"));
            Assert.That(() => LegoScoring.Score(worked, nan, 2), Throws.ArgumentException.With.Message.Contains("NaN logit at token 10"));
            Assert.That(() => LegoScoring.FromPredictions(worked, [1, 2, 0, 0]), Throws.ArgumentException.With.Message.Contains("got 2"));
        });
    }
}
