using GraphNav.Experiments.Training;
using GraphNav.Torch;

namespace GraphNav.Cli;

/// <summary>The training backends `graphnav train --backend` offers: the engine, or TorchSharp on a device.</summary>
internal static class TrainingBackends
{
    /// <summary>The backend called <paramref name="backend"/> on <paramref name="device"/>; one-line errors for bad values.</summary>
    public static TrainingBackend Create(string backend, string device)
    {
        switch (backend.Trim().ToLowerInvariant())
        {
            case "engine":
                if (!string.Equals(device.Trim(), "cpu", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"--device {device}: the engine runs on the CPU only; use --backend torch for a GPU.");
                return TrainingBackend.Engine;
            case "torch":
                var torchDevice = TorchTraining.ParseDevice(device);
                // CPU and GPU results differ in their last bits: their cache entries are kept apart.
                string name = torchDevice.type == TorchSharp.DeviceType.CPU ? "torch" : "torch-" + device.Trim().ToLowerInvariant();
                return new TrainingBackend(name,
                    (trainer, source, progress, interval, evaluate, cancellation) =>
                        TorchTraining.Run(trainer, source, torchDevice, progress, interval, evaluate, cancellation),
                    (mimic, targets, source, progress, cancellation) =>
                        TorchTraining.RunMimic(mimic, source, torchDevice, targets, progress, cancellation));
            default:
                throw new ArgumentException($"--backend {backend}: expected engine or torch.");
        }
    }
}
