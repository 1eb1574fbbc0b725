using GraphNav.Models.Training;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>
/// Feeds the engine from a LEGO task's training stream: batch i holds training sentences
/// i·B … i·B + B − 1 (so a run of S steps sees S·B consecutive sentences, cycling when the spec has a
/// fixed train_size). Inputs are [B, T] token ids, targets [B, T] with the 0/1 class at the
/// supervised left-hand tokens (chain position ≤ k) and −1 elsewhere (see <see cref="LegoBatchBuilder"/>).
/// </summary>
public sealed class LegoBatchSource : IBatchSource
{
    private readonly LegoBatchBuilder _builder;
    private long _next;

    /// <summary>The training stream of <paramref name="generator"/>'s spec, from sentence <paramref name="firstSentence"/>.</summary>
    public LegoBatchSource(LegoGenerator generator, long firstSentence = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSentence);
        _builder = new LegoBatchBuilder(generator);
        _next = firstSentence;
    }

    /// <summary>Index of the next training sentence this source will emit.</summary>
    public long NextSentence => _next;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="sequence"/> differs from the spec's context length.</exception>
    public void Next(Span<int> inputs, Span<int> targets, int batch, int sequence)
    {
        if (sequence != _builder.Sequence)
            throw new ArgumentException($"LEGO batches have T = {_builder.Sequence} (the spec's context_length); the trainer asked for {sequence}.", nameof(sequence));
        _builder.FillTrain(_next, batch, inputs, targets);
        _next += batch;
    }
}
