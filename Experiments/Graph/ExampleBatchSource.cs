using GraphNav.Models.Training;
using GraphNav.Tasks;
using GraphNav.Tasks.Formats;

namespace GraphNav.Experiments.Graph;

/// <summary>
/// Feeds the engine from a task's example stream: the one place where graph examples become the
/// engine's [B,T] ids and targets (−1 = not in the loss). Reuses one example buffer.
/// </summary>
public sealed class ExampleBatchSource : IBatchSource
{
    private readonly Func<Example> _next;
    private readonly int _padId;
    private Example[] _examples = [];

    /// <summary>Draws examples from <paramref name="next"/> (e.g. an ExampleStream's Next).</summary>
    public ExampleBatchSource(Func<Example> next, int padId)
    {
        ArgumentNullException.ThrowIfNull(next);
        _next = next;
        _padId = padId;
    }

    /// <summary>The training stream of <paramref name="task"/> for <paramref name="dataSeed"/>.</summary>
    public static ExampleBatchSource For(GraphTask task, int dataSeed)
    {
        ArgumentNullException.ThrowIfNull(task);
        var stream = new ExampleStream(task, dataSeed);
        return new ExampleBatchSource(stream.Next, task.Tokens.Pad);
    }

    /// <inheritdoc />
    public void Next(Span<int> inputs, Span<int> targets, int batch, int sequence)
    {
        if (_examples.Length != batch) _examples = new Example[batch];
        for (int i = 0; i < batch; i++) _examples[i] = _next();
        BatchBuilder.Fill(inputs, targets, _examples, sequence, _padId);
    }
}
