using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Models.Tests;

public class AllocationTests
{
    [Test]
    public void A_training_step_on_one_thread_allocates_nothing_after_warm_up()
    {
        var trainer = Trainer.Create(TestData.Tiny(), new TrainingConfig { Steps = 10, BatchSize = 3, Threads = 1 });
        int[] ids = TestData.Ids(21, 11, 1), targets = TestData.Ids(21, 11, 2);
        // The first step allocates the gradients and their activations; a few more let the JIT settle.
        for (int i = 0; i < 5; i++) trainer.TrainStep(ids, targets);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++) trainer.TrainStep(ids, targets);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void An_incremental_decoding_step_allocates_nothing()
    {
        var model = new GptModel(TestData.Tiny(), 1, 2);
        var cache = new GraphNav.Models.Sampling.GptKvCache(model, 2);
        var logits = new float[2 * 11];
        int[] tokens = [1, 2];
        cache.Step(tokens, 0, 2, logits);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 1; t < 7; t++) cache.Step(tokens, t, 2, logits);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void A_two_thread_training_step_of_the_paper_model_allocates_nothing_after_warm_up()
    {
        // Big enough that Gemm, attention and the row kernels all split over the worker pool. Only the
        // calling thread is measured: the test host's own threads allocate a few hundred bytes in
        // the background (seen with one engine thread too), which would drown the signal.
        var trainer = Trainer.Create(GptConfig.PaperA(106), new TrainingConfig { Steps = 10, BatchSize = 64, Threads = 2 });
        int[] ids = TestData.Ids(64 * 32, 106, 1), targets = TestData.Ids(64 * 32, 106, 2);
        for (int i = 0; i < 3; i++) trainer.TrainStep(ids, targets);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) trainer.TrainStep(ids, targets);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, "bytes allocated on the calling thread by twenty two-thread steps");
    }
}
