using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;

namespace GraphNav.Experiments.Comparison;

/// <summary>
/// Merges the records that shards of one run wrote for one phenomenon (each over its own seeds) into
/// the record of the whole run. A measurement with per-unit values is recomputed from the shards'
/// units with the same bootstrap the phenomenon uses, so it equals the unsharded run's bit for bit; a
/// per-seed measurement only one shard holds is kept as it is; a summary measurement without units
/// cannot be recomputed and is left out (named in the reason). The bar is judged by the phenomenon's
/// procedure over all seeds at once, which no shard saw, so a merged record's verdict is Inconclusive:
/// merged records are for comparison (<c>graphnav compare</c>), an unsharded run is for the verdict.
/// </summary>
public static class RecordMerge
{
    /// <summary>Merges <paramref name="shards"/>; <paramref name="source"/> names them in errors.</summary>
    public static PhenomenonResult Merge(IReadOnlyList<PhenomenonResult> shards, string source)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 1) return shards[0];
        var first = shards[0];
        if (shards.Any(s => s.Phenomenon != first.Phenomenon || s.Scale != first.Scale || s.ExternalModel != first.ExternalModel))
            throw new InvalidDataException($"{source}: records of {first.Phenomenon} from different runs (scale or model differ); keep one run per folder.");
        var seeds = shards.SelectMany(s => s.Seeds).ToList();
        if (seeds.Distinct().Count() != seeds.Count)
            throw new InvalidDataException($"{source}: two records of {first.Phenomenon} over the same seed; a folder holds one run (or the shards of one run).");

        var keys = shards.SelectMany(s => s.Measurements.Select(m => m.Key)).Distinct(StringComparer.Ordinal).ToList();
        var measurements = new List<Measurement>();
        var dropped = new List<string>();
        foreach (var key in keys)
        {
            var parts = shards.Select(s => s.Measurements.FirstOrDefault(m => m.Key == key)).Where(m => m is not null).Select(m => m!).ToList();
            if (parts.Count == 1) measurements.Add(parts[0]);
            else if (parts.All(p => p.PerUnit is not null))
            {
                IReadOnlyList<UnitValues> units = [.. parts.SelectMany(p => p.PerUnit!).OrderBy(u => u.Seed)];
                var estimate = Bootstrap.Estimate(units.Select(u => u.Values).ToArray(), u => u.Average());
                measurements.Add(new Measurement(key, parts[0].Label, estimate.Mean, estimate.Low, estimate.High, units));
            }
            else dropped.Add(key);
        }
        string reason = $"merged from {shards.Count} shard records (seeds {string.Join(", ", seeds.Order())}); the bar is judged on an unsharded run" +
            (dropped.Count == 0 ? "" : $"; not recomputable from shards: {string.Join(", ", dropped)}");
        return first with
        {
            Seeds = [.. seeds.Order()],
            Measurements = measurements,
            Verdict = Verdict.Inconclusive,
            Reason = reason,
            ModelHashes = [.. shards.SelectMany(s => s.ModelHashes)],
            Seconds = shards.Sum(s => s.Seconds),
            Finished = shards.Max(s => s.Finished),
        };
    }
}
