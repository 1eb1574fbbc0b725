using GraphNav.Experiments.Training;
using GraphNav.Torch;

namespace GraphNav.Suite;

/// <summary>
/// The <c>Backend</c> run parameter: which library trains the suite's models — <c>engine</c>
/// (default), <c>torch</c> (TorchSharp on the CPU) or <c>torch:cuda</c> (TorchSharp on a GPU, with a
/// CUDA build, see README). Cache keys name a non-engine backend, so the models never mix.
/// </summary>
internal static class TrainingBackendParameter
{
    public static TrainingBackend Parse(string value)
    {
        string text = value.Trim().ToLowerInvariant();
        if (text is "" or "engine") return TrainingBackend.Engine;
        if (text != "torch" && !text.StartsWith("torch:", StringComparison.Ordinal))
            throw new ArgumentException($"Run parameter Backend = '{value}': expected engine, torch or torch:cuda.");
        string deviceName = text == "torch" ? "cpu" : text["torch:".Length..];
        var device = TorchTraining.ParseDevice(deviceName);
        string name = deviceName == "cpu" ? "torch" : "torch-" + deviceName;
        return new TrainingBackend(name,
            (trainer, source, progress, interval, evaluate, cancellation) =>
                TorchTraining.Run(trainer, source, device, progress, interval, evaluate, cancellation),
            (mimic, targets, source, progress, cancellation) =>
                TorchTraining.RunMimic(mimic, source, device, targets, progress, cancellation));
    }
}
