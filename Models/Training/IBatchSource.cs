namespace GraphNav.Models.Training;

/// <summary>Supplies training batches; the engine knows nothing of where tokens come from.</summary>
public interface IBatchSource
{
    /// <summary>Fills inputs [B,T] with token ids and targets [B,T] with next-token ids or −1 (ignored).</summary>
    void Next(Span<int> inputs, Span<int> targets, int batch, int sequence);
}
