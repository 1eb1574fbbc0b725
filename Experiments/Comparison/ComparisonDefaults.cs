namespace GraphNav.Experiments.Comparison;

/// <summary>
/// The default direction and tolerance of every measurement <c>graphnav compare</c> judges, as data
/// in one table: the first rule that matches a (phenomenon, key) wins, and a measurement no rule names
/// is reported without being judged. The tolerances are fixed here before any comparison is run: a
/// difference counts as a regression only when its whole 95% interval lies beyond the tolerance in the
/// bad direction, so a tolerance is the change a user accepts as noise-free "no worse", not a bar of
/// the phenomenon (those stay in the specs). Specs may adopt their rows later; the table is the one
/// place to read them from until then.
/// </summary>
public static class ComparisonDefaults
{
    /// <summary>The rules, most specific first.</summary>
    public static IReadOnlyList<ToleranceRule> Rules { get; } =
    [
        // Per-seed details repeat what the summary measurements say: reported, not judged twice.
        new("*", "seed_*", BetterDirection.None, 0),
        // A1: the stepwise model's accuracies and its advantage over direct inference.
        new("A1", "stepwise_minus_direct", BetterDirection.Higher, 0.02),
        new("A1", "stepwise_*", BetterDirection.Higher, 0.02),
        // A2: competence, accuracy and diversity of valid paths per temperature; the effect sizes.
        new("A2", "heldout_validity_t0", BetterDirection.Higher, 0.02),
        new("A2", "accuracy_at_t_*", BetterDirection.Higher, 0.03),
        new("A2", "distinct_valid_paths_at_t_*", BetterDirection.Higher, 1.0),
        new("A2", "peak_temperature", BetterDirection.None, 0),
        // A6: success on training and held-out motif orders.
        new("A6", "training_orders", BetterDirection.Higher, 0.02),
        new("A6", "heldout_orders", BetterDirection.Higher, 0.03),
        // B6a: the supervised positions; the rest sit at chance by the phenomenon's own claim.
        new("B6a", "accuracy_at_position_1", BetterDirection.Higher, 0.02),
        new("B6a", "accuracy_at_position_2", BetterDirection.Higher, 0.02),
        // Any phenomenon's competence measurements.
        new("*", "*validity*", BetterDirection.Higher, 0.02),
    ];

    /// <summary>The rule for a measurement: an override first, then <see cref="Rules"/>, else undirected.</summary>
    public static ToleranceRule For(string phenomenon, string key, IReadOnlyList<ToleranceOverride>? overrides = null)
    {
        var rule = Rules.FirstOrDefault(r => r.Matches(phenomenon, key)) ?? new ToleranceRule(phenomenon, key, BetterDirection.None, 0);
        var over = overrides?.LastOrDefault(o => o.Matches(phenomenon, key));
        return over is null ? rule : rule with { Tolerance = over.Tolerance, Better = over.Better ?? rule.Better };
    }
}
