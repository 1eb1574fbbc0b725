using GraphNav.Experiments.Lego;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// B5's measured side of "attention FLOPs lower by k/h of the QK work": the engine's own count of the
/// q·kᵀ work it dispatches (<see cref="AttentionWorkCounter"/>, at the call that decides between the
/// learned-attention kernel and a hard-coded map) during one forward + backward of each model on the
/// same batch — not a formula of the configs. It needs no training: the work depends on the shapes and
/// on which heads the engine skips, not on the weights, so B5 counts it on the models at initialisation.
/// </summary>
public static class B5QueryKeyWork
{
    /// <summary>Counts both models of <paramref name="vanillaPlan"/> (vanilla, and
    /// <see cref="B5Spec.WithHardCodedHeads"/>) at initialisation on the plan's first
    /// <paramref name="batch"/> training sentences.</summary>
    /// <exception cref="ArgumentOutOfRangeException">batch is not positive.</exception>
    public static B5WorkComparison AtInitialisation(LegoTrainingPlan vanillaPlan, int batch)
    {
        ArgumentNullException.ThrowIfNull(vanillaPlan);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var hardCodedPlan = B5Spec.WithHardCodedHeads(vanillaPlan);
        int t = vanillaPlan.Task.ContextLength;
        var inputs = new int[batch * t];
        var targets = new int[batch * t];
        new LegoBatchSource(new LegoGenerator(vanillaPlan.Task)).Next(inputs, targets, batch, t);
        var vanilla = new GptModel(vanillaPlan.Model, vanillaPlan.Training.Seed, batch);
        var hardCoded = new GptModel(hardCodedPlan.Model, hardCodedPlan.Training.Seed, batch);
        return new B5WorkComparison(Count(vanilla, inputs, targets, batch, t), Count(hardCoded, inputs, targets, batch, t));
    }

    /// <summary>The q·kᵀ work <paramref name="model"/> dispatches in one forward with
    /// <paramref name="targets"/> and its backward (the model's gradients accumulate; its counter, if any,
    /// is restored afterwards).</summary>
    public static QueryKeyWork Count(GptModel model, ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch, int sequence)
    {
        ArgumentNullException.ThrowIfNull(model);
        var counter = new AttentionWorkCounter();
        var previous = model.AttentionWork;
        model.AttentionWork = counter;
        try
        {
            model.Forward(inputs, targets, batch, sequence);
            model.Backward();
        }
        finally
        {
            model.AttentionWork = previous;
        }
        return new QueryKeyWork(counter.QueryKeyForward, counter.QueryKeyBackward, (long)batch * sequence,
            counter.LearnedHeadPasses, counter.FixedHeadPasses);
    }
}
