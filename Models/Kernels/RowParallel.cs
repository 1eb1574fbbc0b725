namespace GraphNav.Models.Kernels;

/// <summary>
/// Splits [0, count) into at most <c>threads</c> contiguous ranges and runs a static worker on each.
/// Kernels use it only where every row (or element) is computed independently, so the result is
/// the same bits for any split. Small jobs stay on the calling thread: Parallel.For costs ~12 µs.
/// </summary>
internal static class RowParallel
{
    /// <summary>A worker over rows [start, end) with pinned state.</summary>
    public delegate void Work<TState>(in TState state, int start, int end) where TState : struct;

    /// <summary>Runs work over [0, count) on up to threads threads when count·costPerItem ≥ minCost.</summary>
    public static void For<TState>(int count, int threads, long costPerItem, in TState state, Work<TState> work)
        where TState : struct
    {
        const long minCost = 1 << 17; // ~100k simple operations ≈ 30 µs on one core
        int chunks = (int)Math.Min(threads, Math.Max(1, (long)count * costPerItem / minCost));
        chunks = Math.Min(chunks, count);
        if (chunks <= 1)
        {
            work(state, 0, count);
            return;
        }
        RunChunks(count, chunks, state, work);
    }

    // Separate method so the single-threaded path allocates no closure.
    private static void RunChunks<TState>(int count, int chunks, TState state, Work<TState> work) where TState : struct
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = chunks };
        Parallel.For(0, chunks, options, c =>
        {
            int start = (int)((long)count * c / chunks), end = (int)((long)count * (c + 1) / chunks);
            work(state, start, end);
        });
    }
}
