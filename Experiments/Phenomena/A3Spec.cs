using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A3 (paper A), the whole protocol as data: generated valid paths are shorter than the true paths
/// for the same pairs. On the shared Bernoulli model of each seed (<see cref="SharedGraphModels"/>),
/// up to <see cref="MaxPairsPerSeed"/> held-out reachable pairs (shuffled with the seed) are sampled
/// <see cref="SamplesPerPair"/> times at T = <see cref="Temperature"/>; pairs whose validity is ≥
/// <see cref="MinPairValidity"/> are kept (≥ <see cref="MinPairs"/> needed). Per kept pair: the mean
/// length of its valid generated paths minus the exact mean length of a uniformly sampled true path
/// (from path counts). Paired over pairs: bootstrap interval of the mean difference and a Wilcoxon
/// signed-rank test. Paper scale only: a PyTorch calibration found +0.000 [−0.015, 0.016] at quick
/// scale (docs/PHENOMENA.md §6). The procedure is <see cref="A3SimplicityBias"/>; docs/PHENOMENA.md
/// row A3 is the source.
/// </summary>
public static class A3Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "A3";

    /// <summary>Short name.</summary>
    public const string Title = "simplicity bias";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "Generated valid paths are shorter than the true paths for the same pairs.";

    /// <summary>Paper scale only.</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.None;

    /// <summary>Samples per pair, pairs sampled per seed at most, and kept pairs the protocol needs.</summary>
    public const int SamplesPerPair = 100, MaxPairsPerSeed = 300, MinPairs = 30;

    /// <summary>Sampling temperature of the strict per-pair test.</summary>
    public const float Temperature = 1;

    /// <summary>Validity a pair needs at <see cref="Temperature"/> to be kept.</summary>
    public const double MinPairValidity = 0.95;

    /// <summary>Competence floor: greedy validity on held-out reachable pairs.</summary>
    public const double Floor = 0.90;

    /// <summary>Significance level of the Wilcoxon signed-rank test.</summary>
    public const double WilcoxonLevel = 0.01;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale) =>
        $"on pairs with validity ≥ {Percent(MinPairValidity)} at T={Number(Temperature)} (≥ {MinPairs} pairs): mean(generated − true path length) < 0 " +
        $"with the interval excluding 0, and Wilcoxon signed-rank p < {Number(WilcoxonLevel)} over pairs";

    /// <summary>
    /// Temperatures of the paper's reading (its figures): the same candidate pairs are sampled at each,
    /// with the samples at <see cref="Temperature"/> shared with the strict test.
    /// </summary>
    public static IReadOnlyList<float> PooledTemperatures { get; } = [0.5f, 1f, 1.5f];

    /// <summary>
    /// The paper's reading: every valid generated path of the candidate pairs pooled, against the true
    /// paths of the same pairs pooled (each pair weighted equally, by its exact mean true path length).
    /// Pooling lets pairs the model fails on more often contribute fewer generated paths, which the
    /// strict per-pair test above controls for.
    /// </summary>
    public static string PaperReading =>
        $"pooled over all candidate pairs (no validity filter): mean length of every valid generated path − mean true path length of the same pairs, " +
        $"at T ∈ {{{string.Join(", ", PooledTemperatures.Select(t => Number(t)))}}}; shorter (< 0 with the interval excluding 0) at each T";

    /// <summary>Per temperature {0}: pooled generated − true mean path length (the paper's reading).</summary>
    public static readonly MeasureKey PooledDifference = new("pooled_generated_minus_true_at_t_{0:0.0}", "pooled generated − true mean path length at T={0:0.0} (paper's reading)");

    /// <summary>Per temperature {0}: fraction of valid samples over the candidate pairs.</summary>
    public static readonly MeasureKey PooledValidity = new("pooled_validity_at_t_{0:0.0}", "validity over candidate pairs at T={0:0.0}");

    /// <summary>Greedy validity on held-out reachable pairs.</summary>
    public static readonly MeasureKey Validity = new("heldout_validity_t0", $"held-out validity at T=0 (floor {TwoDecimals(Floor)})");

    /// <summary>Pairs kept by the validity filter, over all seeds.</summary>
    public static readonly MeasureKey KeptPairs = new("kept_pairs", $"pairs with validity ≥ {Percent(MinPairValidity)} at T={Number(Temperature)}");

    /// <summary>The headline: generated − true mean path length per kept pair.</summary>
    public static readonly MeasureKey Difference = new("generated_minus_true_length", "generated − true mean path length (edges)");

    /// <summary>p of the Wilcoxon signed-rank test over kept pairs.</summary>
    public static readonly MeasureKey WilcoxonP = new("wilcoxon_p", "Wilcoxon signed-rank p");

    /// <summary>z of the Wilcoxon signed-rank test (negative: generated shorter).</summary>
    public static readonly MeasureKey WilcoxonZ = new("wilcoxon_z", "Wilcoxon z");
}
