using GraphNav.Models.Gpt;

namespace GraphNav.Models.Tests;

/// <summary>
/// <see cref="AttentionWorkCounter"/>: the q·kᵀ work the engine dispatches (docs/PHENOMENA.md §3 B5),
/// against closed forms written out here (not <see cref="AttentionFlops"/>): per learned head and
/// sequence, forward T²·HS (T(T+1)/2·HS causal), backward three products of the same size.
/// </summary>
public class AttentionWorkCounterTests
{
    /// <summary>V 11, context 7, 2 layers, C 8 with 4 heads (HS 2), encoder, 2-class head.</summary>
    private static GptConfig Encoder(int fixedHeads) => TestData.Tiny(causal: false) with { Heads = 4, FixedHeads = fixedHeads, OutputSize = 2 };

    private static QueryKeyCount Run(GptModel model, int batch, int sequence, bool backward)
    {
        var counter = new AttentionWorkCounter();
        model.AttentionWork = counter;
        int[] ids = TestData.Ids(batch * sequence, model.Config.VocabSize, 5);
        int[] targets = TestData.Ids(batch * sequence, model.Config.OutputWidth, 6);
        model.Forward(ids, targets, batch, sequence);
        if (backward) model.Backward();
        return new QueryKeyCount(counter.QueryKeyForward, counter.QueryKeyBackward, counter.LearnedHeadPasses, counter.FixedHeadPasses);
    }

    private readonly record struct QueryKeyCount(long Forward, long Backward, long Learned, long Fixed);

    [Test]
    public void Encoder_counts_are_the_closed_form_for_the_sequence_run()
    {
        // T = 6 < context 7: the count follows the batch's length, not the config's.
        const int B = 3, T = 6, L = 2, NH = 4, HS = 2;
        var count = Run(new GptModel(Encoder(0), seed: 1, maxBatch: B), B, T, backward: true);
        Assert.Multiple(() =>
        {
            Assert.That(count.Forward, Is.EqualTo((long)B * L * NH * T * T * HS), "B·L·NH·T²·HS");
            Assert.That(count.Backward, Is.EqualTo(3L * B * L * NH * T * T * HS), "d att, dq, dk");
            Assert.That(count.Learned, Is.EqualTo((long)B * L * NH));
            Assert.That(count.Fixed, Is.Zero);
        });
    }

    [Test]
    public void Causal_counts_only_the_pairs_under_the_mask()
    {
        const int B = 2, T = 5, L = 2, NH = 2, HS = 4; // TestData.Tiny: C 8, 2 heads
        var count = Run(new GptModel(TestData.Tiny(), seed: 1, maxBatch: B), B, T, backward: false);
        Assert.Multiple(() =>
        {
            Assert.That(count.Forward, Is.EqualTo((long)B * L * NH * (T * (T + 1) / 2) * HS), "T(T+1)/2 pairs");
            Assert.That(count.Backward, Is.Zero, "no backward ran");
        });
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void Hard_coded_heads_are_skipped_exactly(int fixedHeads)
    {
        const int B = 2, T = 7, L = 2, NH = 4, HS = 2;
        var count = Run(new GptModel(Encoder(fixedHeads), seed: 1, maxBatch: B), B, T, backward: true);
        long learned = (long)B * L * (NH - fixedHeads);
        Assert.Multiple(() =>
        {
            Assert.That(count.Forward, Is.EqualTo(learned * T * T * HS));
            Assert.That(count.Backward, Is.EqualTo(3 * learned * T * T * HS));
            Assert.That(count.Learned, Is.EqualTo(learned));
            Assert.That(count.Fixed, Is.EqualTo((long)B * L * fixedHeads));
        });
    }

    [Test]
    public void Counting_changes_no_bit_of_the_loss_logits_or_gradients()
    {
        const int B = 2, T = 7;
        var config = Encoder(2);
        var plain = new GptModel(config, seed: 3, maxBatch: B);
        var counted = new GptModel(config, seed: 3, maxBatch: B) { AttentionWork = new AttentionWorkCounter() };
        int[] ids = TestData.Ids(B * T, config.VocabSize, 7);
        int[] targets = TestData.Ids(B * T, 2, 8);
        float plainLoss = plain.Forward(ids, targets, B, T);
        float countedLoss = counted.Forward(ids, targets, B, T);
        plain.Backward();
        counted.Backward();
        Assert.Multiple(() =>
        {
            Assert.That(BitConverter.SingleToInt32Bits(countedLoss), Is.EqualTo(BitConverter.SingleToInt32Bits(plainLoss)));
            Assert.That(counted.LastLogits.ToArray(), Is.EqualTo(plain.LastLogits.ToArray()));
            Assert.That(counted.Gradients.Data, Is.EqualTo(plain.Gradients.Data));
            Assert.That(counted.AttentionWork!.QueryKey, Is.Positive, "the counter did count");
        });
    }

    [Test]
    public void One_counter_shared_by_models_on_parallel_threads_sums_their_work()
    {
        const int B = 2, T = 7, Runs = 8;
        var shared = new AttentionWorkCounter();
        var alone = Run(new GptModel(Encoder(1), seed: 1, maxBatch: B), B, T, backward: true);
        Parallel.For(0, Runs, i =>
        {
            var model = new GptModel(Encoder(1), seed: (ulong)i, maxBatch: B) { AttentionWork = shared };
            int[] ids = TestData.Ids(B * T, model.Config.VocabSize, (ulong)i);
            model.Forward(ids, TestData.Ids(B * T, 2, 9), B, T);
            model.Backward();
        });
        Assert.Multiple(() =>
        {
            Assert.That(shared.QueryKeyForward, Is.EqualTo(Runs * alone.Forward));
            Assert.That(shared.QueryKeyBackward, Is.EqualTo(Runs * alone.Backward));
            Assert.That(shared.FixedHeadPasses, Is.EqualTo(Runs * alone.Fixed));
        });
        shared.Reset();
        Assert.That(shared.QueryKey + shared.LearnedHeadPasses + shared.FixedHeadPasses, Is.Zero, "Reset clears every count");
    }
}
