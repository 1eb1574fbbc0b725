using GraphNav.Tasks.Formats;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Tasks.Tests;

public class ScorerTests
{
    // Diamond: 0→1, 0→2, 1→3, 2→3, 1→4, 3→4, 3→5, 4→5. Default tokens: node k → 6 + k.
    private static readonly Graphs.Dag Dag = TestGraphs.Diamond();
    private static readonly TokenMap Tokens = TokenMap.Default(6);
    private const int End = 2, NoPath = 4, PathToken = 3, Colon = 1, Pad = 0;

    private static int N(int node) => 6 + node;

    private static ScoredCompletion Score(params int[] completion) => CompletionScorer.ScoreReachable(Dag, Tokens, 0, 5, completion);

    [Test]
    public void Valid_path_then_end()
    {
        var r = Score(N(0), N(1), N(3), N(5), End, 99);   // tokens after END are ignored
        Assert.That(r.Outcome, Is.EqualTo(PathOutcome.Valid));
        Assert.That(r.Path, Is.EqualTo(new[] { 0, 1, 3, 5 }));
        Assert.That(r.Length, Is.EqualTo(3));
    }

    [Test]
    public void Missteps()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Score(N(0), N(3), N(5), End).Outcome, Is.EqualTo(PathOutcome.Misstep), "non-edge 0→3");
            Assert.That(Score(N(1), N(3), N(5), End).Outcome, Is.EqualTo(PathOutcome.Misstep), "first node ≠ start");
            Assert.That(Score(N(0), N(1), Colon, N(5), End).Outcome, Is.EqualTo(PathOutcome.Misstep), "non-node inside the path");
            Assert.That(Score(N(0), N(1), NoPath).Outcome, Is.EqualTo(PathOutcome.Misstep), "NOPATH inside the path");
            Assert.That(Score(N(0), 12, End).Outcome, Is.EqualTo(PathOutcome.Misstep), "off-vocabulary inside the path");
            Assert.That(Score(40).Outcome, Is.EqualTo(PathOutcome.Misstep), "off-vocabulary first token");
            Assert.That(Score(-3).Outcome, Is.EqualTo(PathOutcome.Misstep), "negative id first token");
            Assert.That(Score(N(0), N(1), N(3), N(5), N(4)).Outcome, Is.EqualTo(PathOutcome.Misstep), "a misstep after the goal beats a planning failure");
        });
    }

    [Test]
    public void Planning_failures()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Score(N(0), N(1), N(3), End).Outcome, Is.EqualTo(PathOutcome.PlanningFailure), "END before the goal");
            Assert.That(Score(N(0), N(1), N(3)).Outcome, Is.EqualTo(PathOutcome.PlanningFailure), "ran out of context");
            Assert.That(Score(N(0), N(1), N(3), N(5)).Outcome, Is.EqualTo(PathOutcome.PlanningFailure), "reached the goal but no END");
            Assert.That(Score(N(0), End).Outcome, Is.EqualTo(PathOutcome.PlanningFailure), "start then END");
        });
        // Continuing past the goal needs a goal with successors: goal 3, path 0 1 3 4 END.
        var past = CompletionScorer.ScoreReachable(Dag, Tokens, 0, 3, [N(0), N(1), N(3), N(4), End]);
        Assert.That(past.Outcome, Is.EqualTo(PathOutcome.PlanningFailure));
        Assert.That(past.Path, Is.EqualTo(new[] { 0, 1, 3, 4 }));
    }

    [Test]
    public void Format_errors()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Score(NoPath, End).Outcome, Is.EqualTo(PathOutcome.FormatError));
            Assert.That(Score(PathToken, End).Outcome, Is.EqualTo(PathOutcome.FormatError));
            Assert.That(Score(End).Outcome, Is.EqualTo(PathOutcome.FormatError));
            Assert.That(Score(Pad).Outcome, Is.EqualTo(PathOutcome.FormatError));
            Assert.That(Score().Outcome, Is.EqualTo(PathOutcome.FormatError));
        });
    }

    [Test]
    public void A1_decision_rule()
    {
        ReachabilityDecision Step(int start, int goal, params int[] c) => CompletionScorer.Decide(SequenceFormat.Stepwise, Dag, Tokens, start, goal, c);
        ReachabilityDecision Direct(params int[] c) => CompletionScorer.Decide(SequenceFormat.Direct, Dag, Tokens, 0, 5, c);
        Assert.Multiple(() =>
        {
            Assert.That(Step(0, 5, N(0), N(2), N(3), N(5), End), Is.EqualTo(ReachabilityDecision.Reachable));
            Assert.That(Step(0, 5, N(0), N(2), N(5), End), Is.EqualTo(ReachabilityDecision.Undecided), "invalid path decides nothing");
            Assert.That(Step(0, 5, NoPath, End), Is.EqualTo(ReachabilityDecision.Unreachable));
            Assert.That(Step(1, 2, N(1), N(3), End), Is.EqualTo(ReachabilityDecision.Undecided), "unreachable pair: a path is never valid");
            Assert.That(Step(1, 2, PathToken, End), Is.EqualTo(ReachabilityDecision.Undecided), "PATH is not a stepwise answer");
            Assert.That(Direct(PathToken, End), Is.EqualTo(ReachabilityDecision.Reachable));
            Assert.That(Direct(NoPath, End), Is.EqualTo(ReachabilityDecision.Unreachable));
            Assert.That(Direct(N(0), N(1)), Is.EqualTo(ReachabilityDecision.Undecided));
            Assert.That(Direct(), Is.EqualTo(ReachabilityDecision.Undecided));
            Assert.That(CompletionScorer.IsCorrectForUnreachable(Tokens, [NoPath, End]), Is.True);
            Assert.That(CompletionScorer.IsCorrectForUnreachable(Tokens, [N(1), End]), Is.False);
        });
    }

    [Test]
    public void Summary_counts_outcomes_and_distinct_paths()
    {
        ScoredCompletion[] scored =
        [
            Score(N(0), N(1), N(3), N(5), End), Score(N(0), N(1), N(3), N(5), End), Score(N(0), N(2), N(3), N(4), N(5), End),
            Score(N(0), N(3), End), Score(N(0), N(1), End), Score(NoPath, End),
        ];
        var summary = SampleSummary.Of(scored, 5);
        Assert.That(summary, Is.EqualTo(new SampleSummary(6, 3, 1, 1, 1, 4, 2, 2 / 5.0, 10 / 3.0)));
        Assert.That(summary.Accuracy, Is.EqualTo(0.5));
    }
}
