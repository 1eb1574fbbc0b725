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

    /// <summary>True when the file opens as a GPT checkpoint (a cache entry's content check).</summary>
    public static bool IsLoadable(string path)
    {
        try
        {
            GptCheckpoint.Load(path, maxBatch: 1);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
