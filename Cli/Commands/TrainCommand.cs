using System.CommandLine;
using GraphNav.Experiments;
using GraphNav.Experiments.Graph;

namespace GraphNav.Cli.Commands;

/// <summary><c>graphnav train</c>: train the paper-A GPT on a graph task and save a checkpoint.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "Preset name, task.json or task directory.", DefaultValueFactory = _ => ReferenceModel.TaskPreset };
        var seed = new Option<int>("--seed") { Description = "Seed of graph/split (presets), initialisation and data.", DefaultValueFactory = _ => 0 };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => ReferenceModel.Steps };
        var batch = new Option<int>("--batch") { Description = "Sequences per step.", DefaultValueFactory = _ => 64 };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate (cosine decay to a tenth).", DefaultValueFactory = _ => 1e-3f };
        var threads = new Option<int>("--threads") { Description = "Engine threads (results do not depend on it).", DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
        var backend = new Option<string>("--backend") { Description = "Training library: engine (default, deterministic CPU engine) or torch (TorchSharp, same model and recipe).", DefaultValueFactory = _ => "engine" };
        var device = new Option<string>("--device") { Description = "Device of the torch backend: cpu or cuda (cuda:N); the engine is CPU only.", DefaultValueFactory = _ => "cpu" };
        var output = new Option<string>("--out") { Description = "Checkpoint to write (safetensors).", DefaultValueFactory = _ => "model.safetensors" };
        var command = new Command("train", "Train the paper-A GPT (2 layers, C 64, 2 heads) on a graph task and write a safetensors checkpoint.")
        {
            task, seed, steps, batch, lr, threads, backend, device, output,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            int stepCount = OptionLimits.Checked(parse, steps, 1, OptionLimits.Steps);
            int batchSize = OptionLimits.Checked(parse, batch, 1, OptionLimits.Batch);
            int threadCount = OptionLimits.Checked(parse, threads, 1, OptionLimits.Threads);
            float rate = parse.GetValue(lr);
            if (!(rate > 0) || !float.IsFinite(rate)) throw new ArgumentException($"--lr must be a positive finite number (got {rate}).");
            var trainingBackend = TrainingBackends.Create(parse.GetValue(backend)!, parse.GetValue(device)!);
            var graphTask = TaskResolver.Resolve(parse.GetValue(task)!, parse.GetValue(seed));
            var plan = GraphTrainingPlan.PaperA(graphTask, parse.GetValue(seed), stepCount, threadCount);
            plan = plan with
            {
                Training = plan.Training with { BatchSize = batchSize, LearningRate = rate, MinLearningRate = rate / 10 },
                Backend = trainingBackend,
            };
            plan.Training.Validated();
            var path = parse.GetValue(output)!;
            Console.WriteLine($"training on {graphTask.Name} ({graphTask.TrainPairs.Count} train pairs), {stepCount} steps × {plan.Training.BatchSize}, {plan.Training.Threads} threads, backend {trainingBackend.Name}");
            var trainer = LongWork.Training($"training {graphTask.Name}", stepCount, Console.Out, progress => plan.Train(progress));
            ModelFiles.SaveCheckpoint(path, trainer, graphTask);
            Console.WriteLine($"wrote {Path.GetFullPath(path)}");
            return 0;
        }));
        return command;
    }
}
