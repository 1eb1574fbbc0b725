using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GraphNav.Torch;

/// <summary>
/// Runs the engine's prepared trainers on TorchSharp: the engine model's current (seed-determined)
/// weights are copied into a <see cref="TorchGpt"/>, trained with the same recipe on the same
/// batches, and copied back; the result is an engine <see cref="Trainer"/> at the final step with
/// torch's AdamW moments, so everything downstream (checkpoints, ONNX export, evaluation, the model
/// cache) is the engine's code, unchanged.
/// </summary>
public static class TorchTraining
{
    /// <summary>
    /// The device called <paramref name="name"/> ("cpu" or "cuda", "cuda:N"). Throws
    /// NotSupportedException with one line when CUDA is asked for and not available (the CPU-only
    /// runtime package, no GPU, or no driver), ArgumentException for any other name.
    /// </summary>
    public static Device ParseDevice(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        TorchRuntime.Initialize();
        string lower = name.Trim().ToLowerInvariant();
        if (lower == "cpu") return CPU;
        if (lower == "cuda" || lower.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new NotSupportedException(
                    $"--device {name}: CUDA is not available here (this build uses the TorchSharp-cpu runtime, or no NVIDIA GPU/driver is visible); " +
                    "use --device cpu, or build with -p:TorchSharpPackage=TorchSharp-cuda-linux on a machine with a GPU.");
            return device(lower);
        }
        throw new ArgumentException($"--device {name}: expected cpu or cuda (cuda:N).", nameof(name));
    }

    /// <summary>
    /// Trains <paramref name="trainer"/>'s model (from step 0) for its config's steps on
    /// <paramref name="device"/>, reporting every step and calling <paramref name="evaluate"/> after every
    /// <paramref name="evaluationInterval"/>-th step and the last, with a trainer whose Step and model
    /// are those of that moment. Returns the trainer holding the trained model, Step = Steps, and torch's moments.
    /// </summary>
    /// <exception cref="NotSupportedException">The trainer is not at step 0 (resuming runs on the engine).</exception>
    public static Trainer Run(Trainer trainer, IBatchSource source, Device device, IProgress<TrainingProgress>? progress = null,
        int evaluationInterval = 0, Action<Trainer>? evaluate = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(source);
        if (trainer.Step != 0)
            throw new NotSupportedException($"The TorchSharp backend trains from step 0; this trainer is at step {trainer.Step} (resume it on the engine).");
        var config = trainer.Config with { SequenceLength = trainer.Sequence };
        using var model = new TorchGpt(trainer.Model.Config, device);
        model.CopyFrom(trainer.Model.Parameters);
        using var torchTrainer = new TorchTrainer(model, config);
        int[] inputs = new int[config.BatchSize * trainer.Sequence], targets = new int[inputs.Length];
        Trainer? last = null;
        while (torchTrainer.Step < config.Steps)
        {
            cancellation.ThrowIfCancellationRequested();
            source.Next(inputs, targets, config.BatchSize, trainer.Sequence);
            progress?.Report(torchTrainer.TrainStep(inputs, targets));
            bool due = (evaluationInterval > 0 && torchTrainer.Step % evaluationInterval == 0) || torchTrainer.Step == config.Steps;
            if (evaluate is not null && due)
            {
                last = Snapshot(trainer, torchTrainer);
                evaluate(last);
            }
        }
        return last is not null && last.Step == torchTrainer.Step ? last : Snapshot(trainer, torchTrainer);
    }

    /// <summary>Attention-mimicking pretraining of <paramref name="mimic"/>'s model on <paramref name="device"/>
    /// (its recipe, the attention loss alone); the pretrained weights are copied back into mimic.Model.</summary>
    public static void RunMimic(Trainer mimic, IBatchSource source, Device device,
        IAttentionTargets targets, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(mimic);
        ArgumentNullException.ThrowIfNull(source);
        var config = mimic.Config with { SequenceLength = mimic.Sequence };
        using var model = new TorchGpt(mimic.Model.Config, device);
        model.CopyFrom(mimic.Model.Parameters);
        using var torchTrainer = new TorchTrainer(model, config, targets, taskLoss: false);
        torchTrainer.Run(source, progress, cancellation);
        model.CopyTo(mimic.Model.Parameters);
    }

    /// <summary>The engine trainer at torch's current step: weights copied back into the engine model,
    /// then a checkpoint with torch's moments reopened as a <see cref="Trainer"/> (the engine's only
    /// way to set a trainer's step from outside).</summary>
    private static Trainer Snapshot(Trainer engine, TorchTrainer torchTrainer)
    {
        torchTrainer.Model.CopyTo(engine.Model.Parameters);
        var parameters = engine.Model.Parameters;
        float[] m = new float[parameters.Data.Length], v = new float[parameters.Data.Length];
        torchTrainer.CopyMoments(parameters, m, v);
        string path = Path.Combine(Path.GetTempPath(), $"graphnav-torch-{Environment.ProcessId}-{Guid.NewGuid():N}.safetensors");
        try
        {
            GptCheckpoint.Save(path, engine.Model, new TrainingState(engine.Config, torchTrainer.Step, m, v));
            return Trainer.Resume(path, engine.Config);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
