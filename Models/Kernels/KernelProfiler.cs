using System.Diagnostics;

namespace GraphNav.Models.Kernels;

/// <summary>The kernels <see cref="KernelProfiler"/> times (the outermost kernel call on the profiled thread).</summary>
internal enum KernelKind
{
    GemmNT, GemmNN, GemmTN, LayerNormForward, LayerNormBackward, AttentionForward, AttentionBackward,
    GeluForward, GeluBackward, CrossEntropyForward, CrossEntropyBackward, Residual, Embedding, ZeroGradients,
}

/// <summary>
/// Opt-in timing of the engine's kernels and of the worker threads, for the profile mode of the
/// benchmarks (Benchmarks/Profile). Off, a kernel pays one static read. On, the thread that called
/// <see cref="Start"/> times each outermost kernel call (a Gemm inside attention counts as
/// attention), every worker times the chunks it runs, and the caller times the parallel regions
/// and how long it waited in them for the others, so that a thread's idle time is the wall time
/// minus its busy time. Not for concurrent use: one profile at a time in a process.
/// </summary>
internal static class KernelProfiler
{
    /// <summary>Thread slots: 0 the caller, w + 1 worker w.</summary>
    public const int MaxSlots = 64;

    private static volatile bool s_enabled;
    private static int s_owner;
    [ThreadStatic] private static int t_depth;
    private static readonly long[] s_kernelTicks = new long[Enum.GetValues<KernelKind>().Length];
    private static readonly long[] s_kernelCalls = new long[Enum.GetValues<KernelKind>().Length];
    private static readonly long[] s_chunkTicks = new long[MaxSlots];
    private static long s_regionTicks, s_regions, s_callerWaitTicks;

    /// <summary>Whether a profile is being recorded.</summary>
    public static bool Enabled => s_enabled;

    /// <summary>Clears the counters and starts recording; the calling thread is the profiled one.</summary>
    public static void Start()
    {
        Array.Clear(s_kernelTicks);
        Array.Clear(s_kernelCalls);
        Array.Clear(s_chunkTicks);
        s_regionTicks = s_regions = s_callerWaitTicks = 0;
        s_owner = Environment.CurrentManagedThreadId;
        t_depth = 0;
        s_enabled = true;
    }

    /// <summary>Stops recording and returns what was recorded since <see cref="Start"/>.</summary>
    public static KernelProfileCounters Stop()
    {
        s_enabled = false;
        return new KernelProfileCounters(
            [.. s_kernelTicks], [.. s_kernelCalls], [.. s_chunkTicks],
            Interlocked.Read(ref s_regionTicks), Interlocked.Read(ref s_regions), Interlocked.Read(ref s_callerWaitTicks));
    }

    /// <summary>Times one kernel call: <c>using var _ = KernelProfiler.Measure(KernelKind.X);</c>.</summary>
    public static Scope Measure(KernelKind kind)
    {
        if (!s_enabled || Environment.CurrentManagedThreadId != s_owner) return default;
        return t_depth++ == 0 ? new Scope(kind, Stopwatch.GetTimestamp(), true) : new Scope(kind, 0, true);
    }

    /// <summary>A chunk of a parallel region ran for <paramref name="ticks"/> on thread slot <paramref name="slot"/>.</summary>
    public static void AddChunk(int slot, long ticks)
    {
        if (slot < MaxSlots) Interlocked.Add(ref s_chunkTicks[slot], ticks);
    }

    /// <summary>The caller's parallel region took <paramref name="ticks"/>, <paramref name="waitTicks"/>
    /// of them waiting for workers to finish their chunks.</summary>
    public static void AddRegion(long ticks, long waitTicks)
    {
        if (Environment.CurrentManagedThreadId != s_owner) return;
        Interlocked.Add(ref s_regionTicks, ticks);
        Interlocked.Increment(ref s_regions);
        Interlocked.Add(ref s_callerWaitTicks, waitTicks);
    }

    /// <summary>One timed kernel call; only the outermost one on the profiled thread records.</summary>
    public readonly ref struct Scope(KernelKind kind, long start, bool active)
    {
        /// <summary>Ends the call.</summary>
        public void Dispose()
        {
            if (!active) return;
            t_depth--;
            if (start == 0) return;
            s_kernelTicks[(int)kind] += Stopwatch.GetTimestamp() - start;
            s_kernelCalls[(int)kind]++;
        }
    }
}

/// <summary>Raw counters of one profile, in <see cref="Stopwatch"/> ticks.</summary>
/// <param name="KernelTicks">Time per <see cref="KernelKind"/> (outermost calls on the profiled thread).</param>
/// <param name="KernelCalls">Calls per <see cref="KernelKind"/>.</param>
/// <param name="ChunkTicks">Time each thread slot spent running chunks of parallel regions (0: caller).</param>
/// <param name="RegionTicks">Wall time inside parallel regions (on the caller).</param>
/// <param name="Regions">Number of parallel regions.</param>
/// <param name="CallerWaitTicks">Time the caller waited inside regions for the workers' chunks.</param>
internal sealed record KernelProfileCounters(long[] KernelTicks, long[] KernelCalls, long[] ChunkTicks,
    long RegionTicks, long Regions, long CallerWaitTicks);
