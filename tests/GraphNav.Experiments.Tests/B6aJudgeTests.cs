using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// B6a's bar (<see cref="B6aShortcut.Judge"/>, shared by the suite's models and external ones) on
/// outcomes made from chosen predictions over the quick-scale test sets of seeds 0–2: a model that
/// answers the shortcut passes, a model that follows the chain fails the shortcut and chance parts,
/// and the competence floor covers exactly the supervised positions 1…k it is given.
/// </summary>
public class B6aJudgeTests
{
    private static readonly int[] Seeds = [0, 1, 2];

    private static IReadOnlyList<IReadOnlyList<LegoOutcome>> Outcomes(Func<LegoSentence, int, int> answer) =>
        [.. Seeds.Select(seed => (IReadOnlyList<LegoOutcome>)[.. new LegoGenerator(B6aSpec.Task(Scale.Quick, seed)).TestSet().Select(sentence =>
        {
            var predicted = new int[sentence.Variables];
            for (int p = 1; p <= predicted.Length; p++) predicted[p - 1] = answer(sentence, p);
            return LegoScoring.FromPredictions(sentence, predicted);
        })])];

    private static int Shortcut(LegoSentence sentence, int position) => LegoShortcutProbe.ShortcutLabel(sentence, sentence.ClauseAt(position));

    private static PhenomenonResult Judge(Func<LegoSentence, int, int> answer, int k = 2) =>
        B6aShortcut.Judge(new ResultBuilder(new B6aShortcut(), new PhenomenonContext(Scale.Quick, Seeds, 1, new ModelCache(Path.GetTempPath()))),
            Outcomes(answer), Seeds, n: 6, k);

    [Test]
    public void A_model_that_answers_the_shortcut_passes()
    {
        var result = Judge(Shortcut);
        foreach (var m in result.Measurements.Where(m => m.Key.StartsWith("accuracy", StringComparison.Ordinal))) TestContext.Out.WriteLine($"{m.Label}: {m.Mean:F4} [{m.Low:F4}, {m.High:F4}]");
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Pass), result.Reason);
    }

    [Test]
    public void A_model_that_follows_the_chain_fails_the_shortcut_and_chance_parts()
    {
        var result = Judge((sentence, p) => sentence.LabelAtPosition(p));
        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Fail));
            Assert.That(result.Reason, Does.StartWith("not met: shortcut agreement ≥ 95% at position 3"));
            Assert.That(result.Reason, Does.Contain("accuracy at position 6 within 5 points of 50%"));
            Assert.That(result.Reason, Does.Not.Contain("at position 2 "), "positions 1–2: the shortcut is the truth");
        });
    }

    [Test]
    public void The_floor_covers_the_supervised_positions_it_is_given()
    {
        var atTwo = Judge((sentence, p) => p <= 2 ? sentence.LabelAtPosition(p) : 0);
        var atThree = Judge(Shortcut, k: 3);
        Assert.Multiple(() =>
        {
            Assert.That(atTwo.Reason, Does.Not.StartWith("model not competent"), "positions 1–2 are right");
            Assert.That(atThree.Verdict, Is.EqualTo(Verdict.Fail));
            Assert.That(atThree.Reason, Does.StartWith("model not competent: accuracy at supervised position 3"));
        });
    }
}
