namespace GraphNav.Models.Kernels;

/// <summary>
/// Splits [0, count) into contiguous ranges and runs a static worker on each, on up to <c>threads</c> threads
/// (on <see cref="WorkerPool"/>). Kernels use it only where every row (or element) is computed
/// independently, so the result is the same bits for any split. Small jobs stay on the calling
/// thread: handing a range to a worker costs a few microseconds.
/// </summary>
internal static class RowParallel
{
    /// <summary>A worker over rows [start, end) with pinned state.</summary>
    public delegate void Work<TState>(in TState state, int start, int end) where TState : struct;

    /// <summary>Below this much work (count · costPerItem, ~ simple operations ≈ 8 µs on one core)
    /// a split saves less than it costs.</summary>
    private const long MinCost = 1 << 15;

    /// <summary>Ranges per thread: when the machine is shared and one thread is descheduled, the
    /// others take its remaining ranges instead of waiting for it.</summary>
    public const int ChunksPerThread = 4;

    /// <summary>Runs work over [0, count) on up to threads threads when count·costPerItem ≥ MinCost.</summary>
    public static void For<TState>(int count, int threads, long costPerItem, in TState state, Work<TState> work)
        where TState : struct
    {
        long affordable = Math.Max(1, (long)count * costPerItem / MinCost);
        int chunks = threads <= 1 ? 1 : (int)Math.Min(Math.Min(affordable, threads * ChunksPerThread), count);
        if (chunks <= 1)
        {
            work(state, 0, count);
            return;
        }
        var job = new RangeJob<TState>(state, work, count, chunks);
        WorkerPool.Run(chunks, threads, ref job);
    }

    /// <summary>Chunk c covers rows [count·c/chunks, count·(c+1)/chunks).</summary>
    private readonly struct RangeJob<TState>(TState state, Work<TState> work, int count, int chunks) : IChunkJob
        where TState : struct
    {
        private readonly TState _state = state;

        public void Run(int chunk)
        {
            int start = (int)((long)count * chunk / chunks), end = (int)((long)count * (chunk + 1) / chunks);
            work(_state, start, end);
        }
    }
}
