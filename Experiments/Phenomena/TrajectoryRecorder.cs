using System.Globalization;
using GraphNav.Experiments.Caching;
using GraphNav.Experiments.Graph;
using GraphNav.Models.Checkpoints;
using GraphNav.Models.Training;
using GraphNav.Tasks;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// Records A4's greedy trajectory while a shared graph model trains, in a form that survives the run
/// being killed: every recorded checkpoint rewrites the trajectory so far to a partial file (atomic,
/// fsynced) next to the run's resume checkpoint, and a resumed run takes back the recorded part up to
/// the step it resumes from — so it ends with the trajectory an uninterrupted run records.
/// </summary>
internal sealed class TrajectoryRecorder
{
    /// <summary>Training steps between two evaluations (A4's finest checkpoint spacing).</summary>
    public const int EvaluationInterval = LearningTrajectory.EarlySpacing;

    private readonly GraphTrainingPlan _plan;
    private readonly NodePair[] _pairs;
    private readonly string _partialPath;
    private readonly LearningTrajectory? _saved;
    private readonly List<int> _steps = [];
    private readonly List<PathOutcome[]> _outcomes = [];
    private bool _started;

    /// <summary>A recorder for <paramref name="plan"/>'s greedy outcomes on <paramref name="pairs"/>,
    /// keeping the partial trajectory at <paramref name="partialPath"/> (read now if a killed run left one).
    /// Call it with the trajectory entry's cache lock held.</summary>
    public TrajectoryRecorder(GraphTrainingPlan plan, NodePair[] pairs, string partialPath)
    {
        _plan = plan;
        _pairs = pairs;
        _partialPath = partialPath;
        // A run killed while rewriting the partial file leaves its temp; the caller holds the entry's lock.
        StaleFiles.RemoveTemporaries(partialPath);
        _saved = ReadPartial(partialPath, pairs.Length);
    }

    /// <summary>The trajectory recorded so far (restored part included).</summary>
    public LearningTrajectory Trajectory => new([.. _steps], [.. _outcomes]);

    /// <summary>
    /// Deletes the resume checkpoint of <paramref name="checkpoints"/> when the partial trajectory does
    /// not cover every A4 checkpoint up to its step (the partial file lost or damaged): resuming from it
    /// would leave a hole in the trajectory, so that run starts over instead.
    /// </summary>
    public void DiscardCheckpointWithoutTrajectory(TrainingCheckpoints checkpoints)
    {
        if (!File.Exists(checkpoints.Path)) return;
        long position;
        try
        {
            if (!long.TryParse(GptCheckpoint.ReadMetadata(checkpoints.Path).GetValueOrDefault(TrainingCheckpoints.DataPositionKey),
                    NumberStyles.None, CultureInfo.InvariantCulture, out position)) return;
        }
#pragma warning disable CA1031 // A damaged checkpoint is rejected by TrainingCheckpoints.TryResume anyway.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return;
        }
        if (Prefix(position) is null) checkpoints.Delete();
    }

    /// <summary>The training run's evaluation callback (every <see cref="EvaluationInterval"/> steps and the last).</summary>
    public void Evaluate(Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (!_started)
        {
            // The first evaluation after a resume from step s comes before any A4 checkpoint after s,
            // so the part recorded before it is exactly the saved entries below this step.
            var restored = Prefix(trainer.Step - 1)
                ?? throw new InvalidOperationException($"The run resumed without the trajectory it had recorded ({_partialPath}).");
            foreach (var (step, outcomes) in restored)
            {
                _steps.Add(step);
                _outcomes.Add(outcomes);
            }
            _started = true;
        }
        int total = _plan.Training.Steps;
        if (!LearningTrajectory.IsCheckpoint(trainer.Step, total)) return;
        var greedy = PathEvaluation.Sample(new EngineCompletionSource(trainer.Model), _plan.Task, _pairs, 0, 1, 0);
        _steps.Add(trainer.Step);
        _outcomes.Add([.. greedy.Select(s => s.Scored[0].Outcome)]);
        // The last step's entry is not needed for resuming: no checkpoint is saved after it.
        if (trainer.Step < total) Durable.WriteText(_partialPath, Trajectory.ToJson());
    }

    /// <summary>
    /// The saved entries at steps ≤ <paramref name="lastStep"/>, when they are exactly the A4
    /// checkpoints this run evaluates up to there; else null.
    /// </summary>
    private List<(int Step, PathOutcome[] Outcomes)>? Prefix(long lastStep)
    {
        int total = _plan.Training.Steps;
        var expected = Enumerable.Range(1, (int)Math.Clamp(lastStep, 0, total))
            .Where(s => (s % EvaluationInterval == 0 || s == total) && LearningTrajectory.IsCheckpoint(s, total));
        List<(int Step, PathOutcome[] Outcomes)> saved = _saved is null
            ? []
            : [.. _saved.Steps.Zip(_saved.Outcomes).Where(e => e.First <= lastStep)];
        return saved.Select(e => e.Step).SequenceEqual(expected) ? saved : null;
    }

    private static LearningTrajectory? ReadPartial(string path, int pairs)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var trajectory = LearningTrajectory.FromJson(File.ReadAllText(path));
            bool wellFormed = trajectory.Steps is not null && trajectory.Outcomes is not null
                && trajectory.Steps.Length == trajectory.Outcomes.Length
                && trajectory.Outcomes.All(o => o is not null && o.Length == pairs);
            return wellFormed ? trajectory : null;
        }
#pragma warning disable CA1031 // A damaged partial trajectory means: record from the start.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
