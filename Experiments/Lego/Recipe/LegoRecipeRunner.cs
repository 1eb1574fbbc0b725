using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphNav.Experiments.Training;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego.Recipe;

/// <summary>
/// Trains one <see cref="LegoRecipe"/> for several seeds, one after the other, into a folder that a
/// later invocation resumes: per seed, <c>seed-S/checkpoint.safetensors</c> (every
/// <see cref="CheckpointInterval"/> steps, via <see cref="TrainingCheckpoints"/>) and
/// <c>seed-S/accuracy.csv</c> (<see cref="LegoRecipeLog"/>, every <see cref="EvaluationInterval"/>
/// steps), plus <c>recipe.json</c> and <c>table.md</c> (<see cref="LegoRecipeTable"/>) for the whole
/// run. A seed whose log reaches the last step is skipped. Resuming gives the same bits as an
/// uninterrupted run (checkpoints hold parameters, moments, step and the data position).
/// </summary>
public sealed class LegoRecipeRunner
{
    /// <summary>A runner of <paramref name="recipe"/> writing to <paramref name="folder"/>.</summary>
    public LegoRecipeRunner(LegoRecipe recipe, string folder)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Recipe = recipe.Validated();
        Folder = folder;
    }

    /// <summary>The candidate.</summary>
    public LegoRecipe Recipe { get; }

    /// <summary>Run folder (recipe.json, table.md, seed-S/…).</summary>
    public string Folder { get; }

    /// <summary>Steps between two accuracy measurements (and the last step).</summary>
    public int EvaluationInterval { get; init; } = 250;

    /// <summary>Steps between two checkpoints; must be a multiple of <see cref="EvaluationInterval"/>.</summary>
    public int CheckpointInterval { get; init; } = 250;

    /// <summary>Engine threads (the bits do not depend on it), or libtorch's threads for the torch backend.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The library that trains (default the engine). Only engine runs are checkpointed and
    /// resumed: another backend (TorchSharp, e.g. on a GPU for the PaperExact scale) trains each
    /// unfinished seed from step 0, replacing that seed's log rows as it goes.</summary>
    public TrainingBackend Backend { get; init; } = TrainingBackend.Engine;

    /// <summary>When set, a seed stops this many steps after the evaluation at which it first met the
    /// competence floor (at the first evaluation at or past that step, with a checkpoint), instead of
    /// training every step: a search needs the step the floor came at, not thousands of steps at 100%.
    /// A stopped seed is skipped by a rerun with the option; a rerun without it trains the seed on to
    /// the recipe's last step, bit for bit the uninterrupted run.</summary>
    public int? StopAfterFloor { get; init; }

    /// <summary>Trains every seed in turn; writes a line per evaluation to <paramref name="log"/>.</summary>
    /// <exception cref="ArgumentException">Bad intervals, a missing warm-start checkpoint, or the folder holds a different recipe.</exception>
    public void Run(IReadOnlyList<int> seeds, TextWriter log, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(log);
        if (EvaluationInterval < 1 || CheckpointInterval < 1 || CheckpointInterval % EvaluationInterval != 0)
            throw new ArgumentException($"LEGO recipe: the checkpoint interval ({CheckpointInterval}) must be a positive multiple of the evaluation interval ({EvaluationInterval}).");
        // Before any seed trains: a missing start of the last seed should not surface hours into the run.
        foreach (int seed in seeds)
            if (Recipe.WarmStartPath(seed) is { } start && !File.Exists(start))
                throw new ArgumentException($"LEGO recipe: the warm start of seed {seed}, '{start}', does not exist.");
        Directory.CreateDirectory(Folder);
        CheckRecipeFile();
        foreach (int seed in seeds)
        {
            cancellation.ThrowIfCancellationRequested();
            RunSeed(seed, log, progress, cancellation);
            LegoRecipeTable.Write(Folder, Recipe);
        }
    }

    /// <summary>The accuracy log of <paramref name="seed"/> in <paramref name="folder"/>.</summary>
    public static string LogPath(string folder, int seed) => Path.Combine(folder, SeedFolder(seed), "accuracy.csv");

    /// <summary>Seed folder name (seed-S).</summary>
    public static string SeedFolder(int seed) => "seed-" + seed.ToString(CultureInfo.InvariantCulture);

    private void RunSeed(int seed, TextWriter log, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var plan = Recipe.Plan(seed, Threads) with { Backend = Backend };
        var accuracyLog = new LegoRecipeLog(LogPath(Folder, seed), Recipe.Variables);
        if (accuracyLog.Points.Count > 0 && accuracyLog.Points[^1].Step >= Recipe.Steps)
        {
            log.WriteLine($"seed {seed}: finished earlier ({Recipe.Steps} steps logged), skipped");
            return;
        }
        if (StoppedAfterFloor(accuracyLog) is not null)
        {
            log.WriteLine(StopLine(seed, accuracyLog) + ", skipped");
            return;
        }
        var checkpoints = new TrainingCheckpoints(Path.Combine(Folder, SeedFolder(seed), "checkpoint.safetensors"), TimeSpan.MaxValue);
        var test = new LegoGenerator(plan.Task).TestSet();
        var tracker = new StepTracker(progress, accuracyLog);
        log.WriteLine($"seed {seed}: {Recipe.Describe()}");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        try
        {
            plan.Train(tracker, EvaluationInterval, trainer =>
            {
                var point = Measure(trainer, test, plan.Task, tracker);
                accuracyLog.Append(point);
                log.WriteLine(FormatPoint(seed, point, Recipe.SupervisedPositions, Recipe.Heads));
                bool stopping = StoppedAfterFloor(accuracyLog) is not null;
                if (Backend.IsEngine && (stopping || trainer.Step % CheckpointInterval == 0 || trainer.Step == trainer.Config.Steps))
                    checkpoints.Save(trainer);
                if (stopping) stop.Cancel(); // the trainer stops before its next step
            }, stop.Token, checkpoints);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            log.WriteLine(StopLine(seed, accuracyLog));
        }
    }

    private string StopLine(int seed, LegoRecipeLog log) =>
        $"seed {seed}: floor met at step {StoppedAfterFloor(log)}, stopped at step {log.Points[^1].Step} (--stop-after-floor {StopAfterFloor})";

    /// <summary>The step the log first met the floor at, when <see cref="StopAfterFloor"/> is set and the log
    /// has reached StopAfterFloor steps past it; else null.</summary>
    private int? StoppedAfterFloor(LegoRecipeLog log)
    {
        if (StopAfterFloor is not { } after || log.FirstAtFloor(Recipe.SupervisedPositions) is not { } floor) return null;
        return log.Points[^1].Step >= floor.Step + after && log.Points[^1].Step < Recipe.Steps ? floor.Step : null;
    }

    private static LegoRecipePoint Measure(Trainer trainer, IReadOnlyList<LegoSentence> test, LegoSpec task, StepTracker tracker)
    {
        var outcomes = LegoEvaluation.Evaluate(trainer.Model, test, task.ContextLength, Math.Min(LegoEvaluation.DefaultBatch, trainer.Model.MaxBatch));
        var accuracy = new double[task.Variables];
        for (int position = 1; position <= task.Variables; position++)
        {
            int correct = 0;
            foreach (var o in outcomes)
                if (o.IsCorrect(position)) correct++;
            accuracy[position - 1] = (double)correct / outcomes.Length;
        }
        return new LegoRecipePoint(trainer.Step, tracker.LastLoss, tracker.LastLearningRate, tracker.Seconds, accuracy,
            StrongestAssociation(trainer.Model, test, task));
    }

    /// <summary>Test sentences B4's association measure reads at each evaluation (a few forwards, not a training step's worth).</summary>
    public const int AssociationSentences = 200;

    /// <summary>The head with the largest association mass on the first <see cref="AssociationSentences"/> test sentences.</summary>
    private static LegoRecipeAssociation StrongestAssociation(GptModel model, IReadOnlyList<LegoSentence> test, LegoSpec task)
    {
        var sentences = test.Take(AssociationSentences).ToList();
        var measured = LegoAssociation.Measure(model, sentences, task.ContextLength, task.CreateTokens());
        int best = Enumerable.Range(0, measured[0].Length).MaxBy(h => LegoAssociation.Mass(measured, h));
        return new LegoRecipeAssociation(best, LegoAssociation.Mass(measured, best), LegoAssociation.Ratio(measured, best));
    }

    private static string FormatPoint(int seed, LegoRecipePoint p, int k, int heads)
    {
        var cells = string.Join(' ', p.Accuracy.Select((a, i) => (i < k ? "*" : "") + (100 * a).ToString("F1", CultureInfo.InvariantCulture)));
        string association = p.Association is { } a ? $"  assoc {a.HeadName(heads)} mass {a.Mass:F2} ratio {a.Ratio:F1}" : "";
        return $"seed {seed} step {p.Step,6}  loss {p.Loss:F4}  lr {p.LearningRate:0.0e0}  {p.Seconds,7:F0}s  acc% by position (* supervised): {cells}{association}";
    }

    /// <summary>Writes (or checks) recipe.json: a folder holds one recipe on one backend, so logs never
    /// mix candidates (the backend, when not the engine, is named in the file's first line).</summary>
    private void CheckRecipeFile()
    {
        string path = Path.Combine(Folder, "recipe.json");
        string json = Recipe.ToJson();
        if (!Backend.IsEngine)
        {
            var named = JsonNode.Parse(json)!.AsObject();
            named.Insert(0, "Backend", Backend.Name);
            json = named.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }
        if (File.Exists(path))
        {
            string stored = File.ReadAllText(path);
            if (stored == json) return;
            if (!Extends(stored))
                throw new ArgumentException($"'{path}' holds a different recipe; resume with the same options (or, on a constant schedule, only more --steps) or pick another --dir.");
        }
        File.WriteAllText(path, json);
    }

    /// <summary>Whether this recipe is the stored one asking for more steps on a constant schedule: its
    /// engine checkpoints then continue bit for bit (<see cref="TrainingCheckpoints.Continues"/>), and
    /// seeds that had finished train on from their last checkpoint.</summary>
    private bool Extends(string storedJson)
    {
        if (!Backend.IsEngine || Recipe.Decay != LearningRateDecay.Constant) return false;
        LegoRecipe? stored;
        try
        {
            // A folder of another backend names it; its runs have no checkpoints to continue.
            if (JsonNode.Parse(storedJson) is not JsonObject node || node.ContainsKey("Backend")) return false;
            stored = node.Deserialize<LegoRecipe>();
        }
        catch (JsonException)
        {
            return false;
        }
        return stored is not null && stored.Steps <= Recipe.Steps && stored with { Steps = Recipe.Steps } == Recipe;
    }

    /// <summary>Forwards progress and keeps the last loss, learning rate and cumulative training time
    /// (time logged before this invocation's first step plus the time since).</summary>
    private sealed class StepTracker(IProgress<TrainingProgress>? inner, LegoRecipeLog log) : IProgress<TrainingProgress>
    {
        private Stopwatch? _clock;
        private double _before;

        public double LastLoss { get; private set; } = double.NaN;
        public double LastLearningRate { get; private set; } = double.NaN;
        public double Seconds => _before + (_clock?.Elapsed.TotalSeconds ?? 0);

        public void Report(TrainingProgress value)
        {
            if (_clock is null)
            {
                // The first step of this invocation: earlier time is that of the last point before it.
                _before = log.Points.LastOrDefault(p => p.Step < value.Step)?.Seconds ?? 0;
                _clock = Stopwatch.StartNew();
            }
            LastLoss = value.Loss;
            LastLearningRate = value.LearningRate;
            inner?.Report(value);
        }
    }
}
