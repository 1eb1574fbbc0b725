using GraphNav.Experiments.Results;
using static GraphNav.Experiments.Phenomena.BarText;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// A2 (paper A), the whole protocol as data: raising the sampling temperature lowers accuracy and
/// raises diversity; the number of distinct *valid* paths peaks at an intermediate temperature.
/// On the shared Bernoulli model of each seed (<see cref="SharedGraphModels"/>), <see cref="PairsPerSeed"/>
/// held-out pairs with ≥ <see cref="MinTruePaths"/> true paths each (drawn with the seed),
/// <see cref="SamplesPerPair"/> samples per pair at every temperature of <see cref="Temperatures"/>.
/// Bootstrap units are pairs; every comparison is paired on the same pairs. The procedure is
/// <see cref="A2DiversityAccuracy"/>; docs/PHENOMENA.md row A2 is the source.
/// </summary>
public static class A2Spec
{
    /// <summary>Identifier.</summary>
    public const string Id = "A2";

    /// <summary>Short name.</summary>
    public const string Title = "diversity–accuracy trade-off";

    /// <summary>The paper's claim.</summary>
    public const string Claim = "Raising temperature lowers accuracy and raises diversity; distinct valid paths peak at an intermediate temperature.";

    /// <summary>It reproduces at quick scale.</summary>
    public const QuickScaleRun QuickRun = QuickScaleRun.Default;

    /// <summary>Pairs per seed, true paths each pair needs, samples per pair and temperature.</summary>
    public const int PairsPerSeed = 20, MinTruePaths = 10, SamplesPerPair = 200;

    /// <summary>The temperatures, 0 to 3 in steps of 0.25.</summary>
    public static IReadOnlyList<float> Temperatures { get; } = [.. Enumerable.Range(0, 13).Select(i => i * 0.25f)];

    /// <summary>Indices into <see cref="Temperatures"/> of the "low" (T = 0.5) and "high" (T = 3) ends the bar compares.</summary>
    public const int Low = 2, High = 12;

    /// <summary>Competence floor: greedy validity on held-out reachable pairs.</summary>
    public const double Floor = 0.90;

    /// <summary>The bar (the same at both scales), written from the thresholds above.</summary>
    public static string Bar(Scale scale)
    {
        string low = Number(Temperatures[Low]), high = Number(Temperatures[High]);
        return $"competence floor (≥ {Percent(Floor)} valid at T=0); accuracy at T={high} below T={low}; distinct paths (valid or not) at T={high} above T={low}; " +
               $"distinct valid paths maximal at an interior T* exceeding both T=0 and T={high}, every interval excluding 0";
    }

    /// <summary>Greedy validity on held-out reachable pairs.</summary>
    public static readonly MeasureKey Validity = new("heldout_validity_t0", $"held-out validity at T=0 (floor {TwoDecimals(Floor)})");

    /// <summary>Accuracy at temperature {0}.</summary>
    public static readonly MeasureKey AccuracyAt = new("accuracy_at_t_{0:0.00}", "accuracy at T={0:0.00}");

    /// <summary>Distinct valid paths at temperature {0}.</summary>
    public static readonly MeasureKey DistinctValidAt = new("distinct_valid_paths_at_t_{0:0.00}", "distinct valid paths at T={0:0.00}");

    /// <summary>Accuracy drop from T = 0.5 to T = 3.</summary>
    public static readonly MeasureKey AccuracyDrop = new("accuracy_drop", "accuracy(T=0.5) − accuracy(T=3)");

    /// <summary>Rise of distinct paths (valid or not) from T = 0.5 to T = 3.</summary>
    public static readonly MeasureKey DiversityRise = new("distinct_paths_rise", "distinct paths(T=3) − distinct paths(T=0.5)");

    /// <summary>The temperature with the most distinct valid paths.</summary>
    public static readonly MeasureKey Peak = new("peak_temperature", "T* (argmax of distinct valid paths)");

    /// <summary>Distinct valid paths at T* over T = 0.</summary>
    public static readonly MeasureKey PeakOverGreedy = new("peak_over_greedy", "distinct valid(T*) − distinct valid(T=0)");

    /// <summary>Distinct valid paths at T* over T = 3.</summary>
    public static readonly MeasureKey PeakOverHot = new("peak_over_hot", "distinct valid(T*) − distinct valid(T=3)");
}
