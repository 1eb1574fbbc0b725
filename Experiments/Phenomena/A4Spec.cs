using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A4 (paper A), the whole protocol as data: missteps disappear early in training; planning failures
/// persist longer. Greedy completions of every held-out reachable pair at the checkpoints of
/// <see cref="LearningTrajectory.IsCheckpoint"/>, recorded while the shared Bernoulli model of each
/// seed trains (<see cref="SharedGraphModels"/>). Misstep rate over all completions; planning-failure
/// rate among completions without a misstep, defined once ≥ <see cref="MinWithoutMisstep"/> such
/// completions exist. A rate's settling step is the first checkpoint after which it stays below
/// <see cref="SettledBelow"/>. Bootstrap units are pairs: both rates and both settling steps are
/// recomputed on every resample. The procedure is <see cref="A4LearningDynamics"/>; docs/PHENOMENA.md
/// row A4 is the source.
/// </summary>
public static class A4Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "A4";

    /// <summary>Short name.</summary>
    public const string Title = "learning dynamics";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "Missteps disappear early in training; planning failures persist longer.";

    /// <summary>Measured at quick scale, where it does not clear its bar: runnable by name.</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.Explicit;

    /// <summary>A rate has settled once it stays below this.</summary>
    public const double SettledBelow = 0.05;

    /// <summary>Completions without a misstep the planning-failure rate needs to be defined.</summary>
    public const int MinWithoutMisstep = 50;

    /// <summary>Competence floor: greedy validity at the last checkpoint.</summary>
    public const double Floor = 0.90;

    /// <summary>The checkpoint schedule, as recorded in the result.</summary>
    public const string Checkpoints = LearningTrajectory.Schedule;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"competence floor at the end (≥ {Percent(Floor)} valid at T=0); settle(missteps) < settle(planning failures) on the mean over seeds, interval of the difference excluding 0";

    /// <summary>
    /// The paper's reading: its evidence is the two rate curves over training, averaged over seeds and
    /// offset by about 200 steps. A rate's crossing of a fraction f is the first checkpoint after its
    /// peak where it falls below f × the peak (the first checkpoints mostly see format errors, so the
    /// rates rise before they fall: the peak stands for the paper's "initial value").
    /// </summary>
    public static IReadOnlyList<double> CrossingFractions { get; } = [0.5, 0.2];

    /// <summary>What the paper's reading compares, written from <see cref="CrossingFractions"/>.</summary>
    public static string PaperReading =>
        $"first checkpoint where each rate falls below {string.Join(" and ", CrossingFractions.Select(Percent))} of its peak (its initial level), per seed, mean over seeds: " +
        "planning failures cross later than missteps at each fraction, interval of the difference excluding 0; settling below " +
        $"{Percent(SettledBelow)} (the strict bar) is printed as secondary evidence";

    /// <summary>Per fraction {0} (in percent): crossing step of the misstep rate.</summary>
    public static readonly MeasureKey CrossMissteps = new("cross_{0}_missteps", "missteps below {0}% of peak, step");

    /// <summary>Per fraction {0} (in percent): crossing step of the planning-failure rate.</summary>
    public static readonly MeasureKey CrossPlanning = new("cross_{0}_planning", "planning failures below {0}% of peak, step");

    /// <summary>Per fraction {0} (in percent): the paper's headline, crossing(planning) − crossing(missteps).</summary>
    public static readonly MeasureKey CrossDifference = new("cross_{0}_planning_minus_missteps", "crossing {0}%: planning − missteps, steps");

    /// <summary>Why an external model cannot be measured: A4 observes training it does itself.</summary>
    public const string ExternalReason = "A4 measures a training run; an external model has no training to observe";

    /// <summary>Greedy validity at the last checkpoint.</summary>
    public static readonly MeasureKey FinalValidity = new("final_validity", $"validity at the last checkpoint (floor {TwoDecimals(Floor)})");

    /// <summary>Settling step of the misstep rate.</summary>
    public static readonly MeasureKey SettleMissteps = new("settle_missteps", "settle(missteps), steps");

    /// <summary>Settling step of the planning-failure rate.</summary>
    public static readonly MeasureKey SettlePlanning = new("settle_planning_failures", "settle(planning failures), steps");

    /// <summary>The headline: settle(planning) − settle(missteps).</summary>
    public static readonly MeasureKey SettleDifference = new("settle_planning_minus_missteps", "settle(planning) − settle(missteps), steps");

    /// <summary>Per seed {0}: settling step of the misstep rate.</summary>
    public static readonly MeasureKey SeedSettleMissteps = new("seed_{0}_settle_missteps", "seed {0}: settle(missteps)");

    /// <summary>Per seed {0}: settling step of the planning-failure rate.</summary>
    public static readonly MeasureKey SeedSettlePlanning = new("seed_{0}_settle_planning", "seed {0}: settle(planning)");
}
