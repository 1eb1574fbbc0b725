using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Models.Tests;

/// <summary>
/// Bit-identical results for 1, 2, 3 and 4 threads (3 and 4 are more threads than this machine's
/// two cores, so chunks land on descheduled workers and are taken over by others) and for a batch
/// computed whole or in parts, on shapes where every kernel splits its work: the paper-A GPT at
/// B = 64 and a LEGO-style bidirectional encoder with a classifier head.
/// </summary>
public class ThreadDeterminismTests
{
    private static readonly int[] ThreadCounts = [1, 2, 3, 4];

    /// <summary>The paper-B LEGO encoder's shape (4 × 128, 4 heads, T 60, two-way head), reduced to
    /// two layers to keep the default test run short; every kernel still runs in parallel.</summary>
    private static GptConfig LegoEncoder => new GptConfig
    {
        VocabSize = 40, ContextLength = 60, Layers = 2, Heads = 4, Channels = 128,
        Causal = false, TiedHead = false, OutputSize = 2,
    }.Validated();

    private static GptConfig Model(string name) => name == "gpt-A" ? GptConfig.PaperA(106) : LegoEncoder;

    [TestCase("gpt-A", 64, 32)]
    [TestCase("lego-encoder", 32, 60)]
    public void Three_training_steps_give_the_same_bits_for_one_to_four_threads(string name, int batch, int sequence)
    {
        var config = Model(name);
        int[] inputs = TestData.Ids(batch * sequence, config.VocabSize, 1);
        int[] targets = TestData.Ids(batch * sequence, config.OutputWidth, 2);
        float[] Train(int threads)
        {
            var trainer = Trainer.Create(config, new TrainingConfig
            {
                Steps = 3, BatchSize = batch, SequenceLength = sequence, Threads = threads, Seed = 5, WarmupSteps = 1,
            });
            float[] losses = new float[3];
            for (int s = 0; s < 3; s++) losses[s] = trainer.TrainStep(inputs, targets).Loss;
            // Parameters, the last gradients and logits: forward, backward and optimizer all covered.
            return [.. trainer.Model.Parameters.Data, .. trainer.Model.Gradients.Data, .. trainer.Model.LastLogits, .. losses];
        }
        var reference = Train(1);
        Assert.Multiple(() =>
        {
            foreach (int threads in ThreadCounts[1..])
                Assert.That(Train(threads), Is.EqualTo(reference), $"{threads} threads vs 1");
        });
    }

    [TestCase("gpt-A", 64, 32)]
    [TestCase("lego-encoder", 32, 60)]
    public void A_batch_forwarded_whole_or_in_parts_gives_the_same_logits_for_every_thread_count(string name, int batch, int sequence)
    {
        // Each row's logits depend only on that row, so the split of the batch into forwards (and
        // with it the Gemm row blocks, column-panel splits and chunk boundaries) must not matter.
        var config = Model(name);
        int[] ids = TestData.Ids(batch * sequence, config.VocabSize, 3);
        int width = config.OutputWidth;
        float[] Logits(int threads, int part)
        {
            var model = new GptModel(config, seed: 7, maxBatch: batch) { Threads = threads };
            var logits = new float[batch * sequence * width];
            for (int start = 0; start < batch; start += part)
            {
                int rows = Math.Min(part, batch - start);
                model.Forward(ids.AsSpan(start * sequence, rows * sequence), rows, sequence);
                model.LastLogits.CopyTo(logits.AsSpan(start * sequence * width));
            }
            return logits;
        }
        var reference = Logits(1, batch);
        Assert.Multiple(() =>
        {
            foreach (int threads in ThreadCounts)
                foreach (int part in new[] { batch, batch / 2, 5, 1 })
                {
                    if (threads == 1 && part == batch) continue;
                    Assert.That(Logits(threads, part), Is.EqualTo(reference), $"{threads} threads, parts of {part} rows");
                }
        });
    }

    [Test]
    public void Kv_cache_decoding_of_64_rows_gives_the_same_logits_for_one_to_four_threads()
    {
        // Rows are split over threads in the cached attention and the linear layers at this size.
        var config = GptConfig.PaperA(106);
        const int batch = 64, steps = 12;
        int[] tokens = TestData.Ids(batch * steps, config.VocabSize, 4);
        float[] Decode(int threads)
        {
            var model = new GptModel(config, seed: 2, maxBatch: batch) { Threads = threads };
            var cache = model.KvCache(batch);
            var logits = new float[steps * batch * config.VocabSize];
            for (int t = 0; t < steps; t++)
                cache.Step(tokens.AsSpan(t * batch, batch), t, batch, logits.AsSpan(t * batch * config.VocabSize, batch * config.VocabSize));
            return logits;
        }
        var reference = Decode(1);
        Assert.Multiple(() =>
        {
            foreach (int threads in ThreadCounts[1..])
                Assert.That(Decode(threads), Is.EqualTo(reference), $"{threads} threads vs 1");
        });
    }
}
