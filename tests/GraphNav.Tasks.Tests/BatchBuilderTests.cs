using GraphNav.Tasks.Formats;

namespace GraphNav.Tasks.Tests;

public class BatchBuilderTests
{
    [Test]
    public void Inputs_are_padded_and_targets_cover_the_completion_only()
    {
        Example[] batch = [new([15, 9, 1, 9, 13, 15, 2], 3), new([7, 6, 1, 4, 2], 3)];
        var inputs = new int[2 * 8];
        var targets = new int[2 * 8];
        inputs.AsSpan().Fill(77); targets.AsSpan().Fill(77);   // stale data must be overwritten
        BatchBuilder.Fill(inputs, targets, batch, 8, padId: 0);
        Assert.That(inputs, Is.EqualTo(new[] { 15, 9, 1, 9, 13, 15, 2, 0, /**/ 7, 6, 1, 4, 2, 0, 0, 0 }));
        // Position t predicts Ids[t+1]; the first target is at t = LossFrom − 1 = 2 (after ':').
        Assert.That(targets, Is.EqualTo(new[] { -1, -1, 9, 13, 15, 2, -1, -1, /**/ -1, -1, 4, 2, -1, -1, -1, -1 }));
    }

    [Test]
    public void An_example_exactly_one_longer_than_the_context_fits()
    {
        Example[] batch = [new([15, 9, 1, 9, 13, 15, 2], 3)];
        var inputs = new int[6];
        var targets = new int[6];
        BatchBuilder.Fill(inputs, targets, batch, 6, 0);
        Assert.That(inputs, Is.EqualTo(new[] { 15, 9, 1, 9, 13, 15 }));
        Assert.That(targets, Is.EqualTo(new[] { -1, -1, 9, 13, 15, 2 }));
    }

    [Test]
    public void Filling_a_batch_does_not_allocate()
    {
        Example[] batch = [new([15, 9, 1, 9, 13, 15, 2], 3), new([7, 6, 1, 4, 2], 3)];
        var inputs = new int[16];
        var targets = new int[16];
        BatchBuilder.Fill(inputs, targets, batch, 8, 0);   // warm up (JIT)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) BatchBuilder.Fill(inputs, targets, batch, 8, 0);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Too_long_examples_and_wrong_buffers_are_rejected()
    {
        Example[] batch = [new([15, 9, 1, 9, 13, 15, 2], 3)];
        Assert.Multiple(() =>
        {
            Assert.That(() => BatchBuilder.Fill(new int[5], new int[5], batch, 5, 0),
                Throws.ArgumentException.With.Message.Contains("7 tokens").And.Message.Contains("context length is 5"));
            Assert.That(() => BatchBuilder.Fill(new int[7], new int[8], batch, 8, 0), Throws.ArgumentException.With.Message.Contains("B·T"));
        });
    }
}
