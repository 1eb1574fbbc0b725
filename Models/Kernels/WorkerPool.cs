using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace GraphNav.Models.Kernels;

/// <summary>A piece of parallel work: chunk c of a job is <c>Run(c)</c>; chunks touch disjoint memory.</summary>
internal interface IChunkJob
{
    /// <summary>Runs chunk <paramref name="chunk"/>.</summary>
    void Run(int chunk);
}

/// <summary>
/// Dedicated worker threads for the engine's kernels, in the spirit of an OpenMP team. A training
/// step of the paper-A GPT is ~60 short parallel regions of 50–500 µs each; on the thread pool
/// (Parallel.For) a region costs ~12 µs to start, allocates, and often finishes on the calling
/// thread alone because the woken worker arrives too late — measured: GELU over 0.5M floats took
/// the same 390 µs with one thread or two. Here a worker spins for a short while after each job,
/// so the next region starts in about a microsecond, and sleeps on an event when the engine is
/// idle, so an idle process costs nothing.
/// <para>
/// Determinism: a job's chunks write disjoint memory and never depend on which thread runs them,
/// so results are the same bits however chunks are distributed. Jobs from two threads at once
/// (e.g. tests running in parallel) are safe: the second caller runs its chunks itself.
/// </para>
/// </summary>
internal static unsafe class WorkerPool
{
    /// <summary>How long an idle worker spins before it sleeps: longer than the serial gaps inside
    /// a training step (tens of µs), short enough not to steal a core from other work.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000; // 200 µs

    private static readonly Lock Growing = new();
    private static Worker[] s_workers = [];

    // The current job. Written by the owner of s_busy before it publishes s_ticket; read by a
    // worker only after it claimed a chunk of that job's generation (see TryClaim).
    private static delegate*<void*, int, void> s_run;
    private static void* s_job;
    private static int s_count;
    private static int s_helpers;      // workers 0..s_helpers-1 may take part
    private static int s_remaining;    // chunks not yet finished
    private static long s_ticket;      // generation (high 32 bits) | next chunk (low 32 bits)
    private static int s_busy;         // 1 while a caller owns the job slot
    private static ExceptionDispatchInfo? s_fault; // first exception a chunk of the current job threw

    /// <summary>The chunk index of a closed ticket: larger than any chunk count, so no claim succeeds.</summary>
    private const long Closed = int.MaxValue;

    /// <summary>
    /// Runs chunks [0, <paramref name="count"/>) of <paramref name="job"/> on the calling thread and
    /// up to <paramref name="threads"/> − 1 workers, returning when all are done. An exception in a
    /// chunk, on whichever thread ran it, is rethrown here (the first one, with its stack trace) once
    /// every chunk has finished or been skipped, so no worker still touches the caller's memory; the
    /// chunks not started after the failure are skipped, and the pool stays usable.
    /// </summary>
    public static void Run<TJob>(int count, int threads, ref TJob job) where TJob : struct, IChunkJob
    {
        if (count <= 0) return;
        int helpers = Math.Min(threads, count) - 1;
        if (helpers <= 0 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int c = 0; c < count; c++) job.Run(c);
            return;
        }
        ExceptionDispatchInfo? fault;
        try
        {
            bool profiling = KernelProfiler.Enabled;
            long regionStart = profiling ? Stopwatch.GetTimestamp() : 0;
            var workers = EnsureWorkers(helpers);
            // job lives on the caller's stack (or is pinned by the caller), which outlives the call.
            s_run = &RunChunk<TJob>;
            s_job = Unsafe.AsPointer(ref job);
            s_count = count;
            s_helpers = helpers;
            Volatile.Write(ref s_remaining, count);
            long generation = (Volatile.Read(ref s_ticket) >> 32) + 1;
            Interlocked.Exchange(ref s_ticket, generation << 32); // full fence: the fields above are visible first
            for (int w = 0; w < helpers; w++) workers[w].WakeIfSleeping();
            Participate(generation, slot: 0);
            long waitStart = profiling ? Stopwatch.GetTimestamp() : 0;
            var spinner = new SpinWait();
            while (Volatile.Read(ref s_remaining) > 0) spinner.SpinOnce(sleep1Threshold: -1);
            if (profiling)
            {
                long end = Stopwatch.GetTimestamp();
                KernelProfiler.AddRegion(end - regionStart, end - waitStart);
            }
            fault = Interlocked.Exchange(ref s_fault, null);
        }
        finally
        {
            // Close the ticket before the slot is released (full fence). A worker that read the
            // exhausted ticket of this job and was descheduled before comparing it with s_count
            // would otherwise see the next job's larger count, claim "chunk s_count" of this
            // generation with a compare-exchange that still succeeds, and run a chunk of the next
            // job twice and decrement its s_remaining once too often, so that job's caller could
            // return while a chunk still wrote its memory. Found under load as training runs
            // from the same seed differing by up to 5e-4; WorkerPoolTests reproduces it.
            Interlocked.Exchange(ref s_ticket, (Volatile.Read(ref s_ticket) & ~0xFFFF_FFFFL) | Closed);
            s_job = null;
            Volatile.Write(ref s_busy, 0);
        }
        fault?.Throw();
    }

    private static void RunChunk<TJob>(void* job, int chunk) where TJob : struct, IChunkJob =>
        Unsafe.AsRef<TJob>(job).Run(chunk);

    /// <summary>Claims and runs chunks of job <paramref name="generation"/> until none are left. Never
    /// throws: a chunk's exception is kept for the caller (a worker thread must not die of it), and
    /// once one is kept the remaining chunks are claimed but not run.</summary>
    private static void Participate(long generation, int slot)
    {
        while (TryClaim(generation, out int chunk))
        {
            long start = KernelProfiler.Enabled ? Stopwatch.GetTimestamp() : 0;
            try
            {
                if (Volatile.Read(ref s_fault) is null) s_run(s_job, chunk);
                if (start != 0) KernelProfiler.AddChunk(slot, Stopwatch.GetTimestamp() - start);
            }
#pragma warning disable CA1031 // Every exception is handed to the caller of Run, which rethrows it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref s_fault, ExceptionDispatchInfo.Capture(e), null);
            }
            finally
            {
                Interlocked.Decrement(ref s_remaining);
            }
        }
    }

    /// <summary>Takes the next chunk if the ticket still belongs to <paramref name="generation"/>:
    /// the compare-exchange fails once the job has finished and another one was published, so a
    /// late worker can never run a chunk of a job whose fields it did not see.</summary>
    private static bool TryClaim(long generation, out int chunk)
    {
        while (true)
        {
            long ticket = Volatile.Read(ref s_ticket);
            chunk = (int)(ticket & 0xFFFF_FFFF);
            if (ticket >> 32 != generation || chunk >= Volatile.Read(ref s_count)) return false;
            if (Interlocked.CompareExchange(ref s_ticket, ticket + 1, ticket) == ticket) return true;
        }
    }

    private static Worker[] EnsureWorkers(int helpers)
    {
        var workers = Volatile.Read(ref s_workers);
        if (workers.Length >= helpers) return workers;
        lock (Growing)
        {
            workers = s_workers;
            if (workers.Length >= helpers) return workers;
            var grown = new Worker[helpers];
            workers.CopyTo(grown, 0);
            for (int w = workers.Length; w < helpers; w++) grown[w] = new Worker(w);
            Volatile.Write(ref s_workers, grown);
            return grown;
        }
    }

    /// <summary>One background thread: waits for a new generation, joins it if its index is
    /// among the job's helpers, spins for <see cref="SpinTicks"/>, then sleeps.</summary>
    private sealed class Worker
    {
        private readonly int _index;
        private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        private int _sleeping;

        public Worker(int index)
        {
            _index = index;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"GraphNav worker {index + 1}" };
            thread.Start();
        }

        /// <summary>Called after a job is published. Both sides use full fences (the publisher's
        /// exchange of the ticket, the worker's exchange of _sleeping), so either the worker sees
        /// the new generation before sleeping or the publisher sees it asleep and wakes it.</summary>
        public void WakeIfSleeping()
        {
            if (Volatile.Read(ref _sleeping) == 1) _wake.Set();
        }

        private void Loop()
        {
            long seen = Volatile.Read(ref s_ticket) >> 32;
            while (true)
            {
                long generation = WaitForJob(seen);
                seen = generation;
                if (_index < Volatile.Read(ref s_helpers)) Participate(generation, _index + 1);
            }
        }

        private long WaitForJob(long seen)
        {
            long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
            while (true)
            {
                long generation = Volatile.Read(ref s_ticket) >> 32;
                if (generation != seen) return generation;
                if (Stopwatch.GetTimestamp() < spinUntil)
                {
                    Thread.SpinWait(16);
                    continue;
                }
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref s_ticket) >> 32 == seen) _wake.Wait();
                _wake.Reset();
                Interlocked.Exchange(ref _sleeping, 0);
                spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
            }
        }
    }
}
