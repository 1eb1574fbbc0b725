using GraphNav.Tasks.Formats;

namespace GraphNav.Tasks;

/// <summary>
/// The infinite, deterministic training stream of a task: each example draws a training pair uniformly,
/// then (stepwise, reachable) a path uniformly among the pair's paths. The stream is a pure function of
/// (task, seed), so exporting its first M examples gives another trainer exactly the suite's data.
/// </summary>
/// <remarks>All draws come from one <c>new Random(seed)</c> (stable across .NET versions when seeded).</remarks>
public sealed class ExampleStream
{
    private readonly GraphTask _task;
    private readonly Random _rng;

    /// <summary>Starts the stream of <paramref name="task"/> for <paramref name="seed"/>.</summary>
    public ExampleStream(GraphTask task, int seed)
    {
        ArgumentNullException.ThrowIfNull(task);
        _task = task;
        _rng = new Random(seed);
    }

    /// <summary>The next example (prompt + completion, unpadded).</summary>
    public Example Next()
    {
        var pair = _task.TrainPairs[Paths.UniformRandom.NextIndex(_rng, _task.TrainPairs.Count)];
        return _task.Encode(pair, _rng);
    }

    /// <summary>Fills <paramref name="destination"/> with the next destination.Length examples.</summary>
    public void Fill(Span<Example> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Next();
    }
}
