using GraphNav.Tasks.Motifs;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Tasks.Tests;

public class MotifTests
{
    // 5 motifs of 3 layers × 4 nodes: S = 12, 60 global nodes, vocabulary 66.
    private static MotifSet Set() => MotifSet.Generate(5, 3, 4, 0.4, new Random(0));

    [Test]
    public void Chain_unrolls_the_order_with_ghost_edges_between_consecutive_motifs()
    {
        var set = Set();
        var chain = set.Chain([3, 1]);
        int ghost = 4 * 4;   // sink(3) × source(1)
        Assert.Multiple(() =>
        {
            Assert.That(chain.Dag.NodeCount, Is.EqualTo(24));
            Assert.That(chain.Dag.EdgeCount, Is.EqualTo(set.Motif(3).EdgeCount + set.Motif(1).EdgeCount + ghost));
            Assert.That(chain.ToGlobal(0), Is.EqualTo(36));
            Assert.That(chain.ToGlobal(12), Is.EqualTo(12));
            Assert.That(chain.TryToChain(0, out _), Is.False, "motif 0 is not in the order");
            Assert.That(chain.Dag.HasEdge(8, 12), Is.True, "sink of position 0 → source of position 1");
            Assert.That(() => set.Chain([1, 1]), Throws.ArgumentException.With.Message.Contains("twice"));
        });
    }

    [Test]
    public void Encoded_examples_follow_the_exemplar_format_and_score_valid()
    {
        var set = Set();
        var chain = set.Chain([2, 0, 4]);
        var rng = new Random(5);
        var query = chain.SampleQuery(rng);
        var e = chain.Encode(query, rng);
        // Exemplar (from, to) motif pairs of the context: EXEMPLAR u1 v1 … EXEMPLAR u4 v4 EXEMPLAR goal start :
        var junctions = Enumerable.Range(0, 4).Select(i => (From: set.MotifOf(e.Ids[3 * i + 1] - 6), To: set.MotifOf(e.Ids[3 * i + 2] - 6))).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(e.LossFrom, Is.EqualTo(3 * 4 + 4));
            Assert.That(Enumerable.Range(0, 5).Select(i => e.Ids[3 * i]), Is.All.EqualTo(5));
            Assert.That(junctions, Does.Contain((2, 0)).And.Contain((0, 4)), "the order's own junctions");
            Assert.That(junctions.Select(j => j.From).Order(), Is.EqualTo(new[] { 0, 1, 2, 3 }), "one exemplar leaves every motif but the last");
            Assert.That(junctions.All(j => j.From != j.To));
            Assert.That(e.Ids[12..16], Is.EqualTo(new[] { 5, query.Goal + 6, query.Start + 6, 1 }));
            Assert.That(e.Ids[^1], Is.EqualTo(2));
            Assert.That(chain.Score(query, e.Completion).Outcome, Is.EqualTo(PathOutcome.Valid));
            Assert.That(chain.Score(query, e.Completion).Path.Select(set.MotifOf).Distinct(), Is.EqualTo(new[] { 2, 0, 4 }));
        });
    }

    [Test]
    public void A_path_through_another_order_is_a_misstep()
    {
        // A7-style check: the same start and goal along two orders; a path valid for one is a misstep for the other.
        var set = Set();
        var first = set.Chain([1, 2, 3]);
        var second = set.Chain([1, 4, 3]);
        var rng = new Random(2);
        var q1 = first.SampleQuery(rng) with { Exemplars = first.SampleExemplars(rng) };
        // Conflicting context: the first order's exemplars, then the second's.
        var exemplars = q1.Exemplars.Concat(second.SampleExemplars(rng)).ToArray();
        var q2 = new MotifQuery(second.Order, q1.Start, q1.Goal, exemplars);
        var viaFirst = first.Encode(q1, rng).Completion.ToArray();
        var viaSecond = second.Encode(q2, rng);
        Assert.Multiple(() =>
        {
            Assert.That(viaSecond.Prompt.ToArray(), Is.EqualTo(second.Prompt(q2)));
            Assert.That(viaSecond.LossFrom, Is.EqualTo(4 * 3 + 4), "four exemplars then the query");
            Assert.That(first.Score(q1, viaFirst).Outcome, Is.EqualTo(PathOutcome.Valid));
            Assert.That(second.Score(q2, viaFirst).Outcome, Is.EqualTo(PathOutcome.Misstep));
            Assert.That(second.Score(q2, viaSecond.Completion).Outcome, Is.EqualTo(PathOutcome.Valid));
            Assert.That(first.Score(q1, viaSecond.Completion).Outcome, Is.EqualTo(PathOutcome.Misstep));
        });
    }

    [Test]
    public void Orders_split_holds_out_multi_motif_orders_only()
    {
        var (train, heldOut) = MotifOrders.Split(5, 3, 0.2, new Random(0));
        Assert.Multiple(() =>
        {
            Assert.That(MotifOrders.All(5, 3), Has.Count.EqualTo(60));
            Assert.That(train.Count + heldOut.Count, Is.EqualTo(5 + 20 + 60));
            Assert.That(heldOut.Count, Is.EqualTo(4 + 12));
            Assert.That(heldOut.All(o => o.Length >= 2));
            Assert.That(train.Select(o => string.Join(",", o)).Intersect(heldOut.Select(o => string.Join(",", o))), Is.Empty);
        });
    }

    [Test]
    public void Stream_is_deterministic_and_draws_only_training_orders()
    {
        var set = Set();
        var (train, _) = MotifOrders.Split(5, 3, 0.2, new Random(0));
        var allowed = train.Select(o => string.Join(",", o)).ToHashSet();
        var a = new MotifStream(set, train, 3);
        var b = new MotifStream(set, train, 3);
        for (int i = 0; i < 200; i++)
        {
            var (e, q) = a.Next();
            Assert.That(b.Next().Example.Ids, Is.EqualTo(e.Ids));
            Assert.That(allowed.Contains(string.Join(",", q.Order)));
            Assert.That(e.LossFrom, Is.EqualTo(3 * 4 + 4), "the query always sits after four exemplars");
            Assert.That(e.Ids.Length - 1, Is.LessThanOrEqualTo(3 * 4 + 4 + 3 * 3));   // a K_train = 3 path fits T = 25
        }
    }
}

public class MotifTaskTests
{
    [Test]
    public void Quick_task_covers_the_long_chains_and_keeps_held_out_orders_out_of_training()
    {
        var task = MotifTask.CreateQuick(0);
        var train = task.TrainOrders.Select(o => string.Join(",", o)).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(task.ContextLength, Is.EqualTo(31));
            Assert.That(task.LongOrders, Has.Count.EqualTo(120));
            Assert.That(task.HeldOutOrders.Any(o => train.Contains(string.Join(",", o))), Is.False);
            Assert.That(task.TrainOrders.Max(o => o.Length), Is.EqualTo(3));
        });
        var rng = new Random(1);
        foreach (var order in task.LongOrders.Take(10))
        {
            var chain = task.Set.Chain(order);
            var e = chain.Encode(chain.SampleQuery(rng), rng);
            Assert.That(e.Ids.Length - 1, Is.LessThanOrEqualTo(task.ContextLength));
        }
    }
}
