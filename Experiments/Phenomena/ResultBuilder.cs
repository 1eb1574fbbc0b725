using System.Diagnostics;
using System.Globalization;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Models;

namespace GraphNav.Experiments.Phenomena;

/// <summary>Collects measurements and checks while a phenomenon runs, then builds its result record.</summary>
public sealed class ResultBuilder
{
    private readonly IPhenomenon _phenomenon;
    private readonly PhenomenonContext _context;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Measurement> _measurements = [];
    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal);
    private readonly List<string> _modelHashes = [];
    private readonly List<string> _failures = [];

    /// <summary>Starts the record of one run.</summary>
    public ResultBuilder(IPhenomenon phenomenon, PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(phenomenon);
        ArgumentNullException.ThrowIfNull(context);
        _phenomenon = phenomenon;
        _context = context;
    }

    /// <summary>Records a protocol parameter.</summary>
    public ResultBuilder Parameter(string name, object value)
    {
        _parameters[name] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        return this;
    }

    /// <summary>Records a model measured (its cache key or file hash).</summary>
    public void Model(string hash) => _modelHashes.Add(hash);

    /// <summary>Records a measurement with its interval.</summary>
    public Estimate Measure(MeasureKey key, Estimate estimate) => Record(key, estimate, perUnit: null);

    /// <summary>
    /// Records a measurement that is, per seed, the mean of a quantity over that seed's evaluation
    /// units, with its bootstrap interval (<see cref="Bootstrap"/>, the same resampling as a statistic
    /// averaged over the units) and the per-unit values themselves, which <c>graphnav compare</c> pairs
    /// unit by unit against another run.
    /// </summary>
    public Estimate Measure(MeasureKey key, IReadOnlyList<UnitValues> perUnit)
    {
        ArgumentNullException.ThrowIfNull(perUnit);
        foreach (var seed in perUnit) seed.Validated();
        return Record(key, Bootstrap.Estimate(perUnit.Select(u => u.Values).ToArray(), u => u.Average()), perUnit);
    }

    private Estimate Record(MeasureKey key, Estimate estimate, IReadOnlyList<UnitValues>? perUnit)
    {
        _measurements.Add(new Measurement(key.Key, key.Label, estimate.Mean, estimate.Low, estimate.High, perUnit));
        _context.Say($"{_phenomenon.Id} {key.Label}: {estimate}");
        // A seed whose statistic is undefined is not averaged away (Bootstrap): the result fails, naming it.
        if (estimate.UndefinedSeeds.Count > 0)
            _failures.Add($"{key.Label} is undefined on {SeedNames(estimate.UndefinedSeeds)} (NaN statistic), so its mean over seeds is not taken");
        return estimate;
    }

    private string SeedNames(IReadOnlyList<int> indices) => string.Join(", ", indices.Select(i =>
        "seed " + (i < _context.Seeds.Count ? _context.Seeds[i] : i).ToString(CultureInfo.InvariantCulture)));

    /// <summary>Records a measurement without an interval.</summary>
    public double Measure(MeasureKey key, double value)
    {
        _measurements.Add(new Measurement(key.Key, key.Label, value, double.NaN, double.NaN));
        _context.Say($"{_phenomenon.Id} {key.Label}: {value.ToString("0.###", CultureInfo.InvariantCulture)}");
        return value;
    }

    /// <summary>Records a measurement with its interval under a key made from its label
    /// (<see cref="MeasureKey.FromLabel"/>): for phenomena whose keys are not yet declared in a spec.</summary>
    public Estimate Measure(string label, Estimate estimate) => Measure(MeasureKey.FromLabel(label), estimate);

    /// <summary>Records a measurement without an interval under a key made from its label
    /// (<see cref="MeasureKey.FromLabel"/>): for phenomena whose keys are not yet declared in a spec.</summary>
    public double Measure(string label, double value) => Measure(MeasureKey.FromLabel(label), value);

    /// <summary>Records one part of the bar; a false condition makes the verdict Fail with this reason.</summary>
    public bool Check(bool condition, string requirement)
    {
        if (!condition) _failures.Add(requirement);
        return condition;
    }

    /// <summary>The record: Pass when every check held, else Fail listing the checks that did not.</summary>
    public PhenomenonResult Finish() => Build(
        _failures.Count == 0 ? Verdict.Pass : Verdict.Fail,
        _failures.Count == 0 ? "every part of the bar holds" : "not met: " + string.Join("; ", _failures));

    /// <summary>The record of a run that could not measure the phenomenon on this model.</summary>
    public PhenomenonResult Inconclusive(string reason) => Build(Verdict.Inconclusive, reason);

    /// <summary>The record of a model below the competence floor (docs/PHENOMENA.md §0): Fail, never Pass.</summary>
    public PhenomenonResult NotCompetent(string reason) => Build(Verdict.Fail, "model not competent: " + reason);

    private PhenomenonResult Build(Verdict verdict, string reason) => new(
        _phenomenon.Id,
        _phenomenon.Title,
        _context.Scale,
        new Dictionary<string, string>(_parameters),
        [.. _context.Seeds],
        [.. _measurements],
        _phenomenon.Bar(_context.Scale),
        verdict,
        reason,
        [.. _modelHashes],
        MachineInfo.Current,
        _context.Threads,
        EngineInfo.Version,
        DateTimeOffset.UtcNow,
        _clock.Elapsed.TotalSeconds,
        _context.ExecutionProvider,
        _context.ExternalModel);
}
