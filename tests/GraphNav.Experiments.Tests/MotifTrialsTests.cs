using GraphNav.Experiments.Graph;
using GraphNav.Experiments.Phenomena;
using GraphNav.Models.Sampling;
using GraphNav.Tasks.Motifs;

namespace GraphNav.Experiments.Tests;

public class MotifTrialsTests
{
    private static readonly MotifTask Task = MotifTask.CreateQuick(0);

    /// <summary>Answers every prompt with a scripted completion and records the options it was given.</summary>
    private sealed class ScriptedSource(Func<int[], int[]> answer, int context) : ICompletionSource
    {
        public SamplingOptions? Options { get; private set; }
        public int VocabSize => Task.Set.Tokens.VocabularySize;
        public int? ContextLength => context;
        public int[][] Generate(IReadOnlyList<int[]> prompts, SamplingOptions options)
        {
            Options = options;
            return [.. prompts.Select(answer)];
        }
    }

    [Test]
    public void Conflict_trials_share_start_and_goal_motifs_and_show_the_first_chain_first()
    {
        var trials = MotifTrials.SampleConflicts(Task, 50, new Random(3));
        var rng = new Random(4);
        foreach (var t in trials)
        {
            var ab = t.Query(aFirst: true);
            var ba = t.Query(aFirst: false);
            var pathA = t.A.Encode(ab, rng).Completion.ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(t.A.Order[0], Is.EqualTo(t.B.Order[0]));
                Assert.That(t.A.Order[2], Is.EqualTo(t.B.Order[2]));
                Assert.That(t.A.Order[1], Is.Not.EqualTo(t.B.Order[1]));
                Assert.That(ab.Exemplars.Take(2), Is.EqualTo(t.ExemplarsA));
                Assert.That(ba.Exemplars.Take(2), Is.EqualTo(t.ExemplarsB));
                Assert.That(t.A.Prompt(ab), Has.Length.EqualTo(3 * 4 + 4), "the training layout: four exemplars, then the query");
                Assert.That(MotifTrials.Follows(t.A, ab, pathA), Is.True);
                Assert.That(MotifTrials.Follows(t.B, ab, pathA), Is.False, "a path through A's middle motif does not follow B");
            });
        }
    }

    [Test]
    public void Trials_draw_only_the_given_orders()
    {
        var allowed = Task.HeldOutOrders.Select(o => string.Join(",", o)).ToHashSet();
        var trials = MotifTrials.Sample(Task, Task.HeldOutOrders, 100, new Random(1));
        Assert.That(trials.Select(t => string.Join(",", t.Chain.Order)), Is.All.Matches<string>(allowed.Contains));
        Assert.That(() => MotifTrials.Sample(Task, [], 1, new Random(1)), Throws.ArgumentException);
    }

    [Test]
    public void A_reference_path_of_the_longest_chain_fits_the_generation_budget()
    {
        // The oracle answers each prompt with a valid path of its order; success must then be 100%,
        // including 5-motif chains whose completion (15 nodes + END) ends exactly at the model's context.
        var trials = MotifTrials.Sample(Task, Task.LongOrders, 20, new Random(2));
        var rng = new Random(5);
        var byPrompt = trials.ToDictionary(t => string.Join(",", t.Chain.Prompt(t.Query)), t => t.Chain.Encode(t.Query, rng).Completion.ToArray());
        var source = new ScriptedSource(p => byPrompt[string.Join(",", p)], Task.ContextLength + 1);
        var success = MotifTrials.Success(source, Task, trials);
        Assert.Multiple(() =>
        {
            Assert.That(success, Is.All.EqualTo(1.0));
            Assert.That(source.Options!.MaxNewTokens, Is.EqualTo(16));
            Assert.That(source.Options.Temperature, Is.Zero);
            Assert.That(source.Options.StopToken, Is.EqualTo(Task.Set.Tokens.End));
        });
    }

    [Test]
    public void Cache_key_changes_with_every_setting_but_not_with_threads()
    {
        var plan = MotifTrainingPlan.PaperA(Task, seed: 0, steps: 100);
        Assert.Multiple(() =>
        {
            Assert.That(MotifTrainingPlan.PaperA(Task, 0, 100, threads: 2).CacheKey(), Is.EqualTo(plan.CacheKey()));
            Assert.That(MotifTrainingPlan.PaperA(Task, 0, 101).CacheKey(), Is.Not.EqualTo(plan.CacheKey()));
            Assert.That(MotifTrainingPlan.PaperA(Task, 0, 100, learningRate: 3e-3f).CacheKey(), Is.Not.EqualTo(plan.CacheKey()));
            Assert.That(MotifTrainingPlan.PaperA(MotifTask.CreateQuick(1), 0, 100).CacheKey(), Is.Not.EqualTo(plan.CacheKey()));
            Assert.That(plan.Model.ContextLength, Is.EqualTo(Task.ContextLength + 1));
            Assert.That(plan.Tokens, Is.EqualTo(100L * 64 * Task.ContextLength));
        });
    }

    [Test]
    public void Conflicting_exemplars_never_occur_in_training_contexts()
    {
        // Issue #18 (A7): did training ever show two exemplar chains? Training contexts hold at most one
        // exemplar leaving each motif; an A7 context holds two leaving motif a, so it is out of distribution.
        static int MostFromOneMotif(MotifQuery q) => q.Exemplars.GroupBy(e => Task.Set.MotifOf(e.From)).Max(g => g.Count());
        var training = MotifTrials.Sample(Task, Task.TrainOrders, 500, new Random(6));
        var conflicts = MotifTrials.SampleConflicts(Task, 50, new Random(7));
        Assert.Multiple(() =>
        {
            Assert.That(training.Select(t => MostFromOneMotif(t.Query)), Is.All.EqualTo(1));
            Assert.That(conflicts.Select(t => MostFromOneMotif(t.Query(aFirst: true))), Is.All.EqualTo(2));
        });
    }
}
