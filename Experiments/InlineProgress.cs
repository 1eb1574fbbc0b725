namespace GraphNav.Experiments;

/// <summary>
/// An IProgress that reports on the calling thread, in order. (System.Progress posts to the thread
/// pool, so its messages can arrive late or interleaved with the result they precede.)
/// </summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
