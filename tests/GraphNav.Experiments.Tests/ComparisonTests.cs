using GraphNav.Experiments.Comparison;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Sharding;
using GraphNav.Experiments.Statistics;

namespace GraphNav.Experiments.Tests;

/// <summary>Per-unit values in records, <c>graphnav compare</c>'s statistics, shard splits and merges (issue #19), on synthetic records.</summary>
public class ComparisonTests
{
    private static UnitValues Units(int seed, params double[] values) =>
        new(seed, [.. values.Select((_, i) => $"{i}-{i + 1}")], values);

    private static Measurement Measured(string key, IReadOnlyList<UnitValues> perUnit)
    {
        var e = Bootstrap.Estimate(perUnit.Select(u => u.Values).ToArray(), u => u.Average());
        return new Measurement(key, key.Replace('_', ' '), e.Mean, e.Low, e.High, perUnit);
    }

    private static PhenomenonResult Record(string id, IReadOnlyList<int> seeds, params Measurement[] measurements) => new(
        id, "title", Scale.Quick, new Dictionary<string, string>(), seeds, measurements, "bar", Verdict.Pass, "every part of the bar holds",
        [], MachineInfo.Current, 2, "test", DateTimeOffset.UnixEpoch, 1.0);

    [Test]
    public void Per_unit_values_round_trip_through_the_record_json_on_one_line_each()
    {
        var record = Record("A2", [0], Measured("heldout_validity_t0", [Units(0, 1, 0.5, double.NaN, 0.1 + 0.2)]));
        string json = record.ToJson();
        var back = PhenomenonResult.FromJson(json);
        var units = back.Measurements[0].PerUnit!.Single();
        Assert.Multiple(() =>
        {
            Assert.That(units.Units, Is.EqualTo(new[] { "0-1", "1-2", "2-3", "3-4" }));
            Assert.That(units.Values[3], Is.EqualTo(0.1 + 0.2), "values must round-trip bit for bit");
            Assert.That(double.IsNaN(units.Values[2]));
            Assert.That(json.Split('\n').Count(l => l.Contains("\"units\"", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_record_written_before_per_unit_values_still_loads_and_compares_from_its_intervals()
    {
        // The shape of a record of main 6d9bc0c: no per_unit key at all.
        var old = Record("A2", [0, 1, 2], new Measurement("heldout_validity_t0", "held-out validity", 0.99, 0.98, 1.0));
        var json = old.ToJson();
        Assert.That(json, Does.Not.Contain("per_unit"));
        var loaded = PhenomenonResult.FromJson(json);
        var row = RecordComparer.Compare("A2", loaded.Measurements[0], new Measurement("heldout_validity_t0", "held-out validity", 0.80, 0.78, 0.82));
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Measurements[0].PerUnit, Is.Null);
            Assert.That(row.Method, Is.EqualTo(ComparisonMethod.Intervals));
            Assert.That(row.Outcome, Is.EqualTo(ComparisonOutcome.Regression));
            Assert.That(row.Difference, Is.EqualTo(-0.19).Within(1e-12));
        });
    }

    [Test]
    public void Paired_comparison_uses_the_shared_units_and_a_constant_shift_has_a_zero_width_interval()
    {
        var baseline = Measured("heldout_validity_t0", [Units(0, 0.9, 0.8, 1.0, 0.7, 0.95)]);
        var candidate = Measured("heldout_validity_t0", [Units(0, 0.8, 0.7, 0.9, 0.6, 0.85)]);
        var row = RecordComparer.Compare("A2", baseline, candidate);
        Assert.Multiple(() =>
        {
            Assert.That(row.Method, Is.EqualTo(ComparisonMethod.Paired));
            Assert.That(row.Units, Is.EqualTo(5));
            Assert.That(row.Difference, Is.EqualTo(-0.1).Within(1e-12));
            Assert.That(row.High - row.Low, Is.LessThan(1e-12));
            Assert.That(row.Outcome, Is.EqualTo(ComparisonOutcome.Regression), "−0.1 for certain is beyond the 0.02 tolerance");
        });
    }

    [Test]
    public void A_change_inside_the_tolerance_or_with_an_interval_across_it_is_not_a_regression()
    {
        var baseline = Measured("heldout_validity_t0", [Units(0, 0.9, 0.8, 1.0, 0.7, 0.95)]);
        var slightly = Measured("heldout_validity_t0", [Units(0, 0.89, 0.79, 0.99, 0.69, 0.94)]);
        var noisy = Measured("heldout_validity_t0", [Units(0, 1.0, 0.0, 1.0, 0.0, 1.0)]);
        Assert.Multiple(() =>
        {
            Assert.That(RecordComparer.Compare("A2", baseline, slightly).Outcome, Is.EqualTo(ComparisonOutcome.Unchanged));
            Assert.That(RecordComparer.Compare("A2", baseline, noisy).Outcome, Is.EqualTo(ComparisonOutcome.Unchanged));
            Assert.That(RecordComparer.Compare("A2", baseline, slightly, [ToleranceOverride.Parse("A2.heldout_validity_t0=0.001")]).Outcome,
                Is.EqualTo(ComparisonOutcome.Regression));
        });
    }

    [Test]
    public void Direction_is_data_an_undirected_measurement_is_never_a_regression_and_lower_is_better_flips_the_sign()
    {
        var baseline = Measured("peak_temperature", [Units(0, 1, 1, 1, 1)]);
        var candidate = Measured("peak_temperature", [Units(0, 0, 0, 0, 0)]);
        Assert.Multiple(() =>
        {
            Assert.That(RecordComparer.Compare("A2", baseline, candidate).Outcome, Is.EqualTo(ComparisonOutcome.NotJudged));
            Assert.That(RecordComparer.Compare("A2", baseline, candidate, [ToleranceOverride.Parse("peak_temperature=0.1:lower")]).Outcome,
                Is.EqualTo(ComparisonOutcome.Improvement));
            Assert.That(RecordComparer.Compare("A2", candidate, baseline, [ToleranceOverride.Parse("peak_temperature=0.1:lower")]).Outcome,
                Is.EqualTo(ComparisonOutcome.Regression));
        });
    }

    [Test]
    public void Units_of_different_ids_are_compared_unpaired()
    {
        var baseline = Measured("heldout_validity_t0", [new UnitValues(0, ["a", "b", "c", "d"], [1, 1, 1, 0.9])]);
        var candidate = Measured("heldout_validity_t0", [new UnitValues(0, ["e", "f", "g", "h"], [0.2, 0.1, 0.3, 0.2])]);
        var row = RecordComparer.Compare("A2", baseline, candidate);
        Assert.Multiple(() =>
        {
            Assert.That(row.Method, Is.EqualTo(ComparisonMethod.Unpaired));
            Assert.That(row.Outcome, Is.EqualTo(ComparisonOutcome.Regression));
            Assert.That(row.Low, Is.LessThan(row.Difference));
            Assert.That(row.High, Is.GreaterThan(row.Difference));
        });
    }

    [Test]
    public void Tolerance_overrides_are_checked_in_one_line()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => ToleranceOverride.Parse("validity"), Throws.ArgumentException.With.Message.Contains("KEY=VALUE"));
            Assert.That(() => ToleranceOverride.Parse("validity=-1"), Throws.ArgumentException.With.Message.Contains("'-1'"));
            Assert.That(() => ToleranceOverride.Parse("validity=0.1:up"), Throws.ArgumentException.With.Message.Contains("'up'"));
            Assert.That(ToleranceOverride.Parse("A2.accuracy_at_t_*=0.1").Matches("A2", "accuracy_at_t_0.50"));
            Assert.That(ToleranceOverride.Parse("accuracy_at_t_*=0.1").Matches("A6", "accuracy_at_t_0.50"));
        });
    }

    [Test]
    public void Shards_deal_every_phenomenon_seed_pair_exactly_once_and_the_split_is_fixed()
    {
        IReadOnlyList<IPhenomenon> phenomena = [.. PhenomenonRegistry.All.Take(4).Select(e => e.Phenomenon)];
        int[] seeds = [0, 1, 2];
        var all = Enumerable.Range(1, 3).SelectMany(i => new Shard(i, 3).Select(phenomena, seeds)
            .SelectMany(w => w.Seeds.Select(s => (w.Phenomenon.Id, s)))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(all, Is.Unique);
            Assert.That(all, Has.Count.EqualTo(12));
            Assert.That(new Shard(1, 2).Select(phenomena, seeds).First().Seeds, Is.EqualTo(new[] { 0, 2 }));
            Assert.That(Shard.Parse("2/3"), Is.EqualTo(new Shard(2, 3)));
            Assert.That(() => Shard.Parse("3/2"), Throws.ArgumentException.With.Message.Contains("'3/2'"));
            Assert.That(() => Shard.Parse("0/2", "Shard"), Throws.ArgumentException.With.Message.StartsWith("Shard '0/2'"));
        });
    }

    [Test]
    public void Merged_shard_records_recompute_per_unit_measurements_exactly_as_the_unsharded_run()
    {
        UnitValues[] seeds = [Units(0, 1, 0, 1, 1), Units(1, 0.5, 0.25, 1), Units(2, 0, 1, 1, 1, 0)];
        var whole = Record("A2", [0, 1, 2], Measured("accuracy_at_t_0.50", seeds), new Measurement("peak_temperature", "T*", 0.75, double.NaN, double.NaN));
        var shard1 = Record("A2", [0, 2], Measured("accuracy_at_t_0.50", [seeds[0], seeds[2]]), new Measurement("peak_temperature", "T*", 0.5, double.NaN, double.NaN));
        var shard2 = Record("A2", [1], Measured("accuracy_at_t_0.50", [seeds[1]]), new Measurement("peak_temperature", "T*", 1, double.NaN, double.NaN));
        var merged = RecordMerge.Merge([shard2, shard1], "test");
        var m = merged.Measurements.Single();
        var w = whole.Measurements[0];
        Assert.Multiple(() =>
        {
            Assert.That((m.Mean, m.Low, m.High), Is.EqualTo((w.Mean, w.Low, w.High)));
            Assert.That(merged.Seeds, Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(merged.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(merged.Reason, Does.Contain("not recomputable from shards: peak_temperature"));
            Assert.That(() => RecordMerge.Merge([shard1, shard1], "dir"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("same seed"));
        });
    }
}
