using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Graph;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
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

    /// <summary>
    /// Cache key of a plan's A4 trajectory for scorer <paramref name="scorerVersion"/>
    /// (<see cref="Tasks.Scoring.CompletionScorer.Version"/>).
    /// </summary>
    /// <remarks>The trajectory is scorer output on a checkpoint schedule, so both are key material
    /// beside the plan; the trained weights keep the plan's own key (A2 and A3 read them).</remarks>
    public static string TrajectoryKey(GraphTrainingPlan plan, string scorerVersion)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return ModelCache.Key(plan.CacheKey() + "\nscorer=" + scorerVersion + "\ncheckpoints=" + LearningTrajectory.Schedule);
    }

    /// <summary>File extension of a trajectory cache entry.</summary>
    public const string TrajectoryExtension = ".trajectory.json";

    /// <summary>File extension of an unfinished run's trajectory so far, kept beside its resume checkpoint.</summary>
    public const string PartialTrajectoryExtension = ".resume.trajectory.json";

    /// <summary>
    /// The trained model alone (A2, A3): loaded when its weights are cached — without recording a
    /// trajectory again when only the trajectory's key changed (a new scorer version or schedule) —
    /// else trained by <see cref="GetOrTrain"/>, so the trajectory is stored for A4 as well.
    /// </summary>
    public static GptModel GetModel(GraphTrainingPlan plan, PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(context);
        var key = plan.CacheKey();
        return CachedModels.IsLoadable(context.Cache.PathOf(key))
            ? CachedModels.GetOrTrain(context.Cache, key, resume => plan.Train(checkpoints: resume), context.Threads)
            : GetOrTrain(plan, context).Model;
    }

    /// <summary>
    /// The trained model and its A4 trajectory, from the cache or trained now. Training resumes like the
    /// other plans (<see cref="CachedModels"/>): periodic checkpoints in the cache folder, plus the
    /// trajectory recorded so far, so a killed run continues where it stopped and ends with the same
    /// weights and trajectory. <paramref name="steps"/> receives every training step's progress.
    /// </summary>
    public static (GptModel Model, LearningTrajectory Trajectory) GetOrTrain(GraphTrainingPlan plan, PhenomenonContext context,
        IProgress<TrainingProgress>? steps = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(context);
        var key = plan.CacheKey();
        var trajectoryKey = TrajectoryKey(plan, Tasks.Scoring.CompletionScorer.Version);
        var pairs = plan.Task.TestPairs.Where(plan.Task.IsReachable).ToArray();
        var checkpoints = new TrainingCheckpoints(context.Cache.PathOf(key, CachedModels.ResumeExtension), CachedModels.CheckpointInterval);
        var partialPath = context.Cache.PathOf(trajectoryKey, PartialTrajectoryExtension);
        var trajectoryPath = context.Cache.GetOrBuild(trajectoryKey, file =>
        {
            var recorder = new TrajectoryRecorder(plan, pairs, partialPath);
            recorder.DiscardCheckpointWithoutTrajectory(checkpoints);
            context.Say($"training {plan.Task.Name} seed {plan.DataSeed}: {plan.Training.Steps} steps (recording A4 checkpoints)");
            var trainer = plan.Train(
                new InlineProgress<TrainingProgress>(p =>
                {
                    steps?.Report(p);
                    if (p.Step % 250 == 0) context.Say($"  step {p.Step}/{plan.Training.Steps} loss {p.Loss:F3} ({p.TokensPerSecond / 1000:F0}k tokens/s)");
                }),
                TrajectoryRecorder.EvaluationInterval,
                recorder.Evaluate,
                checkpoints: checkpoints);
            File.WriteAllText(file, recorder.Trajectory.ToJson());
            context.Cache.GetOrBuild(key, modelFile => trainer.SaveCheckpoint(modelFile));
        }, extension: TrajectoryExtension);
        // Both entries are stored: the unfinished run's files are no longer needed.
        if (File.Exists(checkpoints.Path)) checkpoints.Delete();
        File.Delete(partialPath);

        var model = CachedModels.GetOrTrain(context.Cache, key, resume => plan.Train(checkpoints: resume), context.Threads);
        return (model, LearningTrajectory.FromJson(File.ReadAllText(trajectoryPath)));
    }
}
