using GraphNav.Models.Kernels;

namespace GraphNav.Models.Tests;

public class WorkerPoolTests
{
    /// <summary>Chunk c adds c + 1 to its own slot, so a chunk run twice or never shows up.</summary>
    private readonly unsafe struct CountingJob(int* slots) : IChunkJob
    {
        public void Run(int chunk) => Interlocked.Add(ref slots[chunk], chunk + 1);
    }

    /// <summary>Each chunk starts a nested job of its own: the pool is busy, so it runs inline.</summary>
    private readonly unsafe struct NestingJob(int* slots, int inner) : IChunkJob
    {
        public void Run(int chunk)
        {
            var job = new CountingJob(slots + chunk * inner);
            WorkerPool.Run(inner, 2, ref job);
        }
    }

    /// <summary>Chunk <c>failing</c> throws; the others count as in <see cref="CountingJob"/>.</summary>
    private readonly unsafe struct FailingJob(int* slots, int failing) : IChunkJob
    {
        public void Run(int chunk)
        {
            if (chunk == failing) throw new InvalidOperationException($"chunk {chunk} failed");
            Interlocked.Add(ref slots[chunk], 1);
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(63)]
    public unsafe void An_exception_in_any_chunk_surfaces_on_the_caller_and_the_pool_stays_usable(int failing)
    {
        const int chunks = 64;
        var slots = new int[chunks];
        fixed (int* p = slots)
        {
            // Many rounds, so the failing chunk runs on the caller in some and on the worker in others.
            for (int round = 0; round < 200; round++)
            {
                var job = new FailingJob(p, failing);
                var thrown = Assert.Throws<InvalidOperationException>(() => WorkerPool.Run(chunks, 2, ref job));
                Assert.That(thrown!.Message, Is.EqualTo($"chunk {failing} failed"));
            }
            Array.Clear(slots);
            var counting = new CountingJob(p);
            WorkerPool.Run(chunks, 2, ref counting);
        }
        for (int c = 0; c < chunks; c++) Assert.That(slots[c], Is.EqualTo(c + 1), $"chunk {c} after the failures");
    }

    [Test]
    public unsafe void A_worker_thread_exception_is_seen_by_the_caller()
    {
        // Count the rounds whose failure happened on another thread than the caller's.
        const int chunks = 2;
        var slots = new int[chunks];
        int fromWorker = 0, caller = Environment.CurrentManagedThreadId;
        fixed (int* p = slots)
        {
            for (int round = 0; round < 100; round++)
            {
                var job = new ThreadRecordingJob(p);
                var thrown = Assert.Throws<ThreadFailure>(() => WorkerPool.Run(chunks, 2, ref job));
                if (thrown!.Thread != caller) fromWorker++;
            }
        }
        Assert.That(fromWorker, Is.GreaterThan(0), "no round failed on the worker thread");
    }

    private sealed class ThreadFailure(int thread) : Exception($"failed on thread {thread}")
    {
        public int Thread { get; } = thread;
    }

    /// <summary>Chunk 1 throws, naming the thread it ran on; chunk 0 takes a millisecond, so while
    /// the caller runs it the woken worker claims chunk 1.</summary>
    private readonly unsafe struct ThreadRecordingJob(int* slots) : IChunkJob
    {
        public void Run(int chunk)
        {
            Interlocked.Increment(ref slots[chunk]);
            if (chunk == 1) throw new ThreadFailure(Environment.CurrentManagedThreadId);
            var until = System.Diagnostics.Stopwatch.GetTimestamp() + System.Diagnostics.Stopwatch.Frequency / 1000;
            while (System.Diagnostics.Stopwatch.GetTimestamp() < until) Thread.SpinWait(10);
        }
    }

    [TestCase(1, 1)]
    [TestCase(2, 2)]
    [TestCase(2, 37)]
    [TestCase(4, 1000)]
    public unsafe void Every_chunk_runs_exactly_once(int threads, int chunks)
    {
        var slots = new int[chunks];
        fixed (int* p = slots)
        {
            for (int round = 0; round < 50; round++)
            {
                var job = new CountingJob(p);
                WorkerPool.Run(chunks, threads, ref job);
            }
        }
        for (int c = 0; c < chunks; c++) Assert.That(slots[c], Is.EqualTo(50 * (c + 1)), $"chunk {c}");
    }

    /// <summary>
    /// Back-to-back jobs of different sizes with 8 threads on any machine (more than cores), so workers are often
    /// descheduled between reading the ticket and claiming a chunk. A late worker of a finished
    /// job must never claim a chunk of the next one (it once could: it compared the stale ticket
    /// with the next job's larger chunk count), and every chunk must be done when Run returns.
    /// </summary>
    [Test]
    public unsafe void Back_to_back_jobs_of_different_sizes_run_every_chunk_once_before_returning()
    {
        const int rounds = 500_000; // ~2 s; before the fix it failed in 3 of 4 runs within 0.2-0.6 s
        var slots = new int[64];
        int wrong = 0;
        fixed (int* p = slots)
        {
            for (int round = 0; round < rounds && wrong == 0; round++)
            {
                int chunks = round % 2 == 0 ? 2 : 64;
                var job = new CountingJob(p);
                WorkerPool.Run(chunks, 8, ref job);
                for (int c = 0; c < chunks; c++)
                {
                    if (Volatile.Read(ref slots[c]) != c + 1) wrong++;
                    slots[c] = 0;
                }
            }
        }
        Assert.That(wrong, Is.Zero, "chunks run twice, never, or still running after Run returned");
    }

    [Test]
    public unsafe void Jobs_from_several_threads_at_once_and_nested_jobs_all_complete()
    {
        const int callers = 4, chunks = 64, inner = 8;
        var slots = new int[callers * chunks * inner];
        fixed (int* p = slots)
        {
            nint basePointer = (nint)p;
            Parallel.For(0, callers, new ParallelOptions { MaxDegreeOfParallelism = callers }, caller =>
            {
                int* mine = (int*)basePointer + caller * chunks * inner;
                for (int round = 0; round < 20; round++)
                {
                    var job = new NestingJob(mine, inner);
                    WorkerPool.Run(chunks, 2, ref job);
                }
            });
        }
        for (int i = 0; i < slots.Length; i++) Assert.That(slots[i], Is.EqualTo(20 * (i % inner + 1)), $"slot {i}");
    }

    [Test]
    public void Vector_exp_is_within_three_ten_millionths_of_Math_Exp_and_underflows_to_zero()
    {
        double worst = 0;
        var x = new float[8];
        for (float start = -87f; start < 88f; start += 0.0137f * 8)
        {
            for (int j = 0; j < 8; j++) x[j] = start + 0.0137f * j;
            var e = VectorExp.Exp(System.Runtime.Intrinsics.Vector256.Create(x));
            for (int j = 0; j < 8; j++)
                worst = Math.Max(worst, Math.Abs(e[j] - Math.Exp(x[j])) / Math.Exp(x[j]));
        }
        Assert.That(worst, Is.LessThan(3e-7), "worst relative error over [-87, 88]");
        var low = VectorExp.Exp(System.Runtime.Intrinsics.Vector256.Create(float.NegativeInfinity));
        Assert.That(low[0], Is.Zero);
        Assert.That(VectorExp.Exp(System.Runtime.Intrinsics.Vector256.Create(-100f))[3], Is.Zero);
    }
}
