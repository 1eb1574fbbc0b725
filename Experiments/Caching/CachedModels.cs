using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Experiments.Caching;

/// <summary>
/// Trained engine models in the <see cref="ModelCache"/>: every training plan (graph, motif, LEGO)
/// stores its checkpoint the same way and rejects an entry that no longer loads.
/// </summary>
public static class CachedModels
{
    /// <summary>
    /// The model stored under <paramref name="key"/>, training it with <paramref name="train"/> first
    /// when the cache has no loadable entry. The model runs with <paramref name="threads"/> threads and
    /// holds up to <paramref name="maxBatch"/> rows per forward (0 = its training batch size).
    /// </summary>
    public static GptModel GetOrTrain(ModelCache cache, string key, Func<Trainer> train, int threads, int maxBatch = 0)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(train);
        var path = cache.GetOrBuild(key, file => train().SaveCheckpoint(file), IsLoadable);
        var (model, _) = GptCheckpoint.Load(path, maxBatch);
        model.Threads = threads;
        return model;
    }

    /// <summary>
    /// Like <see cref="GetOrTrain(ModelCache, string, Func{Trainer}, int, int)"/>, for a training that
    /// can resume: <paramref name="train"/> gets the run's periodic checkpoints, kept in the cache
    /// folder as "&lt;key&gt;.resume.safetensors", so a run killed half-way continues from its last
    /// checkpoint in the next invocation; the checkpoint is removed once the entry is stored.
    /// </summary>
    public static GptModel GetOrTrain(ModelCache cache, string key, Func<TrainingCheckpoints, Trainer> train, int threads, int maxBatch = 0)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(train);
        var checkpoints = new TrainingCheckpoints(cache.PathOf(key, ResumeExtension), CheckpointInterval);
        var model = GetOrTrain(cache, key, () => train(checkpoints), threads, maxBatch);
        if (File.Exists(checkpoints.Path)) checkpoints.Delete();
        return model;
    }

    /// <summary>File extension of an unfinished run's checkpoint in the cache folder.</summary>
    public const string ResumeExtension = ".resume.safetensors";

    /// <summary>
    /// Training time between two resume checkpoints: 2 minutes (runs shorter than that never write
    /// one); GRAPHNAV_CHECKPOINT_SECONDS overrides.
    /// </summary>
    public static TimeSpan CheckpointInterval =>
        double.TryParse(Environment.GetEnvironmentVariable("GRAPHNAV_CHECKPOINT_SECONDS"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds >= 0 && seconds < 1e9
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(2);

    /// <summary>True when the file opens as a GPT checkpoint (a cache entry's content check).</summary>
    public static bool IsLoadable(string path)
    {
        try
        {
            GptCheckpoint.Load(path, maxBatch: 1);
            return true;
        }
#pragma warning disable CA1031 // An entry that fails to load in any way is rebuilt, never fatal.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
