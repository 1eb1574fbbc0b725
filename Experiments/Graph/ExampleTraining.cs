using GraphNav.Experiments.Training;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Experiments.Graph;

/// <summary>
/// How a decoder plan (<see cref="GraphTrainingPlan"/>, <see cref="MotifTrainingPlan"/>) trains on its
/// stream of examples, written once: the model must read the task, a run resumes from the last
/// checkpoint when the engine trains it, and the stream skips what the resumed steps consumed.
/// </summary>
internal static class ExampleTraining
{
    /// <summary>Trains from scratch — or, given <paramref name="checkpoints"/>, from the run's last checkpoint,
    /// saving new ones as it goes; returns the trainer.</summary>
    /// <param name="model">The model's configuration.</param>
    /// <param name="training">Optimisation settings; SequenceLength is set to <paramref name="taskContext"/>.</param>
    /// <param name="backend">The library that runs the steps (only the engine resumes).</param>
    /// <param name="taskVocabulary">Vocabulary the task needs.</param>
    /// <param name="taskContext">Context length T of the task.</param>
    /// <param name="source">The training stream, at its first batch.</param>
    /// <param name="checkpoints">Where the run's checkpoints live, or null to train without.</param>
    /// <param name="progress">Receives the steps.</param>
    /// <param name="evaluationInterval">Steps between calls of <paramref name="evaluate"/> (0: never).</param>
    /// <param name="evaluate">Called with the trainer every <paramref name="evaluationInterval"/> steps.</param>
    /// <param name="cancellation">Stops the run.</param>
    /// <exception cref="ArgumentException">The model's vocabulary or context is smaller than the task's.</exception>
    public static Trainer Train(GptConfig model, TrainingConfig training, TrainingBackend backend, int taskVocabulary, int taskContext,
        ExampleBatchSource source, TrainingCheckpoints? checkpoints, IProgress<TrainingProgress>? progress, int evaluationInterval,
        Action<Trainer>? evaluate, CancellationToken cancellation)
    {
        if (model.VocabSize < taskVocabulary)
            throw new ArgumentException($"Model vocabulary {model.VocabSize} is smaller than the task's {taskVocabulary}.");
        if (model.ContextLength < taskContext)
            throw new ArgumentException($"Model context {model.ContextLength} is shorter than the task's {taskContext}.");
        var run = training with { SequenceLength = taskContext };
        // Resuming from checkpoints is the engine's: another backend always trains from the start.
        var resumable = backend.IsEngine ? checkpoints : null;
        var trainer = resumable?.TryResume(model, run) ?? Trainer.Create(model, run);
        if (resumable is null)
            return backend.Run(trainer, source, progress, evaluationInterval, evaluate, cancellation);
        TrainingCheckpoints.Skip(source, trainer.Step, run.BatchSize, run.SequenceLength);
        resumable.Run(trainer, source, progress, evaluationInterval, evaluate, cancellation);
        return trainer;
    }
}
