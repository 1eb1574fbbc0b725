namespace GraphNav.Models.Gpt;

/// <summary>
/// Opt-in count of the q·kᵀ work a <see cref="GptModel"/> actually dispatches (docs/PHENOMENA.md §3
/// B5: hard-coded heads skip q·kᵀ). Attach one with <see cref="GptModel.AttentionWork"/>; the model
/// then adds, at the very call that hands heads FirstHead…NH−1 to the learned-attention kernels (and
/// heads 0…FirstHead−1 to the fixed-map path), the multiply-adds those kernels are asked for:
/// <list type="bullet">
/// <item>forward, per learned head and sequence: the scores q·kᵀ over every (query, key) pair the head
/// sees (T² for an encoder, T(T+1)/2 under a causal mask), head size HS multiply-adds each;</item>
/// <item>backward, per learned head and sequence: the three products that exist only because the map
/// is computed from q and k — d att = d out·vᵀ, dq = d pre·k and dk = d preᵀ·q — HS each per pair.</item>
/// </list>
/// The mixing att·v and its value gradient, which every head pays, are not q·kᵀ work and are not
/// counted; neither is SIMD padding of the kernels (pairs are counted, not vector lanes). The KV-cache
/// decoder needs no counter: it is causal, and hard-coded heads exist only in encoders
/// (<see cref="GptConfig.Validated"/>). Counting reads only shapes, never a float, so a counted run has the
/// same bits as an uncounted one. Thread-safe (interlocked adds), so one counter may be shared by
/// several models; integer counts, so the totals do not depend on the order of the adds.
/// </summary>
public sealed class AttentionWorkCounter
{
    private long _forward, _backward, _learnedHeads, _fixedHeads;

    /// <summary>Forward q·kᵀ multiply-adds dispatched to the learned-attention kernel.</summary>
    public long QueryKeyForward => Interlocked.Read(ref _forward);

    /// <summary>Backward multiply-adds of the learned maps (d att, dq, dk; see the type's summary).</summary>
    public long QueryKeyBackward => Interlocked.Read(ref _backward);

    /// <summary>All counted q·kᵀ work: <see cref="QueryKeyForward"/> + <see cref="QueryKeyBackward"/>.</summary>
    public long QueryKey => QueryKeyForward + QueryKeyBackward;

    /// <summary>Forward (sequence, layer, head) units that went through the learned-attention kernel.</summary>
    public long LearnedHeadPasses => Interlocked.Read(ref _learnedHeads);

    /// <summary>Forward (sequence, layer, head) units that used a hard-coded map instead.</summary>
    public long FixedHeadPasses => Interlocked.Read(ref _fixedHeads);

    /// <summary>Sets every count to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _forward, 0);
        Interlocked.Exchange(ref _backward, 0);
        Interlocked.Exchange(ref _learnedHeads, 0);
        Interlocked.Exchange(ref _fixedHeads, 0);
    }

    /// <summary>One layer's forward dispatch: heads <paramref name="firstLearned"/>…NH−1 of each of
    /// <paramref name="batch"/> sequences went to the learned-attention kernel, the heads below it to the fixed maps.</summary>
    internal void AddForward(GptConfig config, int batch, int sequence, int firstLearned)
    {
        long learned = (long)batch * (config.Heads - firstLearned);
        Interlocked.Add(ref _learnedHeads, learned);
        Interlocked.Add(ref _fixedHeads, (long)batch * firstLearned);
        Interlocked.Add(ref _forward, learned * Pairs(config, sequence) * config.HeadSize);
    }

    /// <summary>One layer's backward dispatch to the learned-attention kernel (heads <paramref name="firstLearned"/>…NH−1).</summary>
    internal void AddBackward(GptConfig config, int batch, int sequence, int firstLearned)
    {
        long learned = (long)batch * (config.Heads - firstLearned);
        Interlocked.Add(ref _backward, 3 * learned * Pairs(config, sequence) * config.HeadSize);
    }

    /// <summary>(query, key) pairs one head scores in a sequence of length T.</summary>
    private static long Pairs(GptConfig config, int sequence) =>
        config.Causal ? (long)sequence * (sequence + 1) / 2 : (long)sequence * sequence;
}
