using GraphNav.Tasks.Formats;

namespace GraphNav.Tasks.Tests;

public class FormatTests
{
    private static readonly TokenMap Tokens = TokenMap.Default(10);

    [Test]
    public void Worked_example_of_the_specification()
    {
        // Nodes 3→7→9, goal 9, start 3 → ids 15 9 1 | 9 13 15 2.
        var e = GraphEncoding.Encode(Tokens, SequenceFormat.Stepwise, 3, 9, [3, 7, 9]);
        Assert.That(e.Ids, Is.EqualTo(new[] { 15, 9, 1, 9, 13, 15, 2 }));
        Assert.That(e.LossFrom, Is.EqualTo(3));
        Assert.That(e.Completion.ToArray(), Is.EqualTo(new[] { 9, 13, 15, 2 }));
    }

    [Test]
    public void Direct_and_unreachable_completions()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GraphEncoding.Encode(Tokens, SequenceFormat.Direct, 3, 9, [3, 7, 9]).Ids, Is.EqualTo(new[] { 15, 9, 1, 3, 2 }));
            Assert.That(GraphEncoding.Encode(Tokens, SequenceFormat.Direct, 3, 9, null).Ids, Is.EqualTo(new[] { 15, 9, 1, 4, 2 }));
            Assert.That(GraphEncoding.Encode(Tokens, SequenceFormat.Stepwise, 3, 9, null).Ids, Is.EqualTo(new[] { 15, 9, 1, 4, 2 }));
            Assert.That(() => GraphEncoding.Encode(Tokens, SequenceFormat.Stepwise, 3, 9, [3, 7]), Throws.ArgumentException);
        });
    }

    [Test]
    public void Default_map_ids_and_vocabulary()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new[] { Tokens.Pad, Tokens.Colon, Tokens.End, Tokens.Path, Tokens.NoPath, Tokens.Exemplar }, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
            Assert.That(Tokens.VocabularySize, Is.EqualTo(16));
            Assert.That(Tokens.Node(0), Is.EqualTo(6));
            Assert.That(Tokens.TryGetNode(15, out int n) && n == 9);
            Assert.That(Tokens.TryGetNode(16, out _), Is.False);
            Assert.That(Tokens.TryGetNode(5, out _), Is.False);
        });
    }

    [Test]
    public void Colliding_ids_are_rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new TokenMap(0, 1, 2, 3, 4, 4, 6, 10), Throws.ArgumentException.With.Message.Contains("collision"));
            Assert.That(() => new TokenMap(0, 1, 2, 3, 4, 7, 6, 10), Throws.ArgumentException.With.Message.Contains("node 1"));
        });
    }

    [Test]
    public void Custom_map_with_specials_after_the_nodes()
    {
        var map = new TokenMap(10, 11, 12, 13, 14, 15, 0, 10);
        Assert.That(map.VocabularySize, Is.EqualTo(16));
        Assert.That(map.Node(9), Is.EqualTo(9));
    }
}
