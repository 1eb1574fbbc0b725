using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Graph;
using GraphNav.Models.Gpt;
using GraphNav.Tasks;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// One graph model per seed serves A2, A3 and A4 (docs/PHENOMENA.md §5): the paper-A GPT on the Bernoulli
/// task, trained with the A2 calibration budget (1500 steps of batch 64, lr 1e-3; §6). Training
/// always records A4's greedy trajectory as well, so whichever phenomenon runs first trains the
/// model once and the others read both from the cache. The quick seed-0 model is also the CLI's
/// reference model.
/// </summary>
public static class SharedGraphModels
{
    /// <summary>Task preset per scale.</summary>
    public static string TaskPreset(Scale scale) => scale == Scale.Quick ? "bernoulli-quick" : "bernoulli-paper";

    /// <summary>Optimizer steps per scale (batch 64).</summary>
    public static int Steps(Scale scale) => scale == Scale.Quick ? 1500 : 6000;

    /// <summary>The training plan of one seed.</summary>
    public static GraphTrainingPlan Plan(Scale scale, int seed, int threads) =>
        GraphTrainingPlan.PaperA(TaskPresets.Create(TaskPreset(scale), seed), seed, Steps(scale), threads);

    /// <summary>The trained model and its A4 trajectory, from the cache or trained now.</summary>
    public static (GptModel Model, LearningTrajectory Trajectory) GetOrTrain(GraphTrainingPlan plan, PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(context);
        var key = plan.CacheKey();
        var pairs = plan.Task.TestPairs.Where(plan.Task.IsReachable).ToArray();
        var trajectoryPath = context.Cache.GetOrBuild(key, file =>
        {
            context.Say($"training {plan.Task.Name} seed {plan.DataSeed}: {plan.Training.Steps} steps (recording A4 checkpoints)");
            var steps = new List<int>();
            var outcomes = new List<Tasks.Scoring.PathOutcome[]>();
            var trainer = plan.Train(
                new InlineProgress<Models.Training.TrainingProgress>(p =>
                {
                    if (p.Step % 250 == 0) context.Say($"  step {p.Step}/{plan.Training.Steps} loss {p.Loss:F3} ({p.TokensPerSecond / 1000:F0}k tokens/s)");
                }),
                evaluationInterval: 25,
                evaluate: t =>
                {
                    if (!LearningTrajectory.IsCheckpoint(t.Step, plan.Training.Steps)) return;
                    var greedy = PathEvaluation.Sample(new EngineCompletionSource(t.Model), plan.Task, pairs, 0, 1, 0);
                    steps.Add(t.Step);
                    outcomes.Add([.. greedy.Select(s => s.Scored[0].Outcome)]);
                });
            File.WriteAllText(file, new LearningTrajectory([.. steps], [.. outcomes]).ToJson());
            context.Cache.GetOrBuild(key, modelFile => trainer.SaveCheckpoint(modelFile));
        }, extension: ".trajectory.json");

        var model = CachedModels.GetOrTrain(context.Cache, key, () => plan.Train(), context.Threads);
        return (model, LearningTrajectory.FromJson(File.ReadAllText(trajectoryPath)));
    }
}
