using GraphNav.Tasks.Lego;

namespace GraphNav.Tasks.Tests;

public class LegoBatchBuilderTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(6)]
    public void Targets_are_the_labels_of_exactly_the_first_k_chain_positions(int k)
    {
        var generator = new LegoGenerator(LegoSpec.Create(6, k, contextLength: 40, seed: 9));
        var builder = new LegoBatchBuilder(generator);
        const int batch = 16, t = 40;
        var inputs = new int[batch * t];
        var targets = new int[batch * t];
        builder.FillTrain(100, batch, inputs, targets);

        for (int b = 0; b < batch; b++)
        {
            var sentence = generator.TrainSentence(100 + b);
            var row = inputs.AsSpan(b * t, t);
            var rowTargets = targets.AsSpan(b * t, t);
            Assert.That(row[..30].ToArray(), Is.EqualTo(sentence.Ids.ToArray()));
            Assert.That(row[30..].ToArray(), Is.All.EqualTo(LegoTokens.Pad));
            var expected = Enumerable.Repeat(-1, t).ToArray();
            for (int c = 0; c < 6; c++)
            {
                if (sentence.ChainPosition(c) <= k) expected[5 * c] = sentence.Label(c);
            }
            Assert.That(rowTargets.ToArray(), Is.EqualTo(expected));
            Assert.That(rowTargets.ToArray().Count(x => x >= 0), Is.EqualTo(k));
        }
    }

    [Test]
    public void Filling_a_batch_allocates_nothing()
    {
        var builder = new LegoBatchBuilder(new LegoGenerator(LegoSpec.Create(12, 6, seed: 1)));
        var inputs = new int[128 * 60];
        var targets = new int[128 * 60];
        builder.FillTrain(0, 128, inputs, targets); // warm up (JIT)
        long before = GC.GetAllocatedBytesForCurrentThread();
        builder.FillTrain(128, 128, inputs, targets);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(after - before, Is.Zero);
    }

    [Test]
    public void Filling_from_a_sentence_list_matches_the_training_stream_fill()
    {
        var generator = new LegoGenerator(LegoSpec.Create(5, 3, contextLength: 32, seed: 4, trainSize: 10));
        var builder = new LegoBatchBuilder(generator);
        var fromStream = (inputs: new int[8 * 32], targets: new int[8 * 32]);
        var fromList = (inputs: new int[8 * 32], targets: new int[8 * 32]);
        builder.FillTrain(6, 8, fromStream.inputs, fromStream.targets); // wraps: sentences 6…9, 0…3
        var set = generator.TrainSet();
        var rotated = set.Skip(6).Concat(set.Take(4)).ToArray();
        LegoBatchBuilder.Fill(rotated, 0, 8, 32, 3, fromList.inputs, fromList.targets);
        Assert.Multiple(() =>
        {
            Assert.That(fromList.inputs, Is.EqualTo(fromStream.inputs));
            Assert.That(fromList.targets, Is.EqualTo(fromStream.targets));
        });
    }

    [Test]
    public void Wrong_buffer_sizes_are_rejected_with_the_shape()
    {
        var builder = new LegoBatchBuilder(new LegoGenerator(LegoSpec.Create(4, 2)));
        Assert.That(() => builder.FillTrain(0, 4, new int[79], new int[80]),
            Throws.ArgumentException.With.Message.Contains("4 × 20 = 80"));
    }
}
