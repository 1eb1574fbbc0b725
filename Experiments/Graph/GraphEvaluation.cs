using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using GraphNav.Experiments.Results;
using GraphNav.Experiments.Statistics;
using GraphNav.Tasks;
using GraphNav.Tasks.Scoring;

namespace GraphNav.Experiments.Graph;

/// <summary>Accuracy and diversity at one temperature (per-pair means; accuracy with its 95% interval over pairs).</summary>
/// <param name="Temperature">Sampling temperature (0 = greedy).</param>
/// <param name="SamplesPerPair">Samples drawn per pair (1 at T=0).</param>
/// <param name="Accuracy">Fraction of valid completions.</param>
/// <param name="Misstep">Fraction of missteps.</param>
/// <param name="PlanningFailure">Fraction of planning failures.</param>
/// <param name="FormatError">Fraction of format errors.</param>
/// <param name="DistinctValidPaths">Distinct valid paths per pair.</param>
/// <param name="DistinctCompletions">Distinct completions (valid or not) per pair.</param>
public sealed record TemperatureRow(double Temperature, int SamplesPerPair, Estimate Accuracy, double Misstep,
    double PlanningFailure, double FormatError, double DistinctValidPaths, double DistinctCompletions);

/// <summary>What <c>graphnav evaluate</c> measures on a graph task: outcome rates and diversity per temperature.</summary>
/// <param name="Model">Description of the model evaluated.</param>
/// <param name="Task">Task name.</param>
/// <param name="Pairs">Held-out reachable pairs evaluated.</param>
/// <param name="Rows">One row per temperature, in the order asked.</param>
/// <param name="GeneratedTokens">Tokens generated in total.</param>
/// <param name="Seconds">Wall time of generation and scoring.</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="ExecutionProvider">Where the model ran: "engine", or ONNX Runtime's "cpu" / "cuda:N".</param>
public sealed record GraphEvaluationResult(string Model, string Task, int Pairs, IReadOnlyList<TemperatureRow> Rows,
    long GeneratedTokens, double Seconds, MachineInfo Machine, string ExecutionProvider = "engine")
{
    /// <summary>Indented JSON (snake_case).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EvaluationJsonContext.Default.GraphEvaluationResult);
}

/// <summary>Evaluates a model on the held-out reachable pairs of a graph task.</summary>
public static class GraphEvaluation
{
    /// <summary>Temperatures evaluated by default: greedy up to well past the accuracy collapse.</summary>
    public static IReadOnlyList<double> DefaultTemperatures { get; } = [0, 0.5, 1, 1.5, 2, 3];

    /// <summary>
    /// Runs every temperature over the reachable held-out pairs of <paramref name="task"/>
    /// (<paramref name="maxPairs"/> of them at most, the first in the task's order).
    /// </summary>
    public static GraphEvaluationResult Run(ICompletionSource source, string modelDescription, GraphTask task,
        IReadOnlyList<double> temperatures, int samplesPerPair, ulong seed, int maxPairs = int.MaxValue,
        IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(temperatures);
        task.RequireVocabulary(source.VocabSize, modelDescription);   // the ids the task uses, not its largest declared id
        var pairs = task.TestPairs.Where(task.IsReachable).Take(maxPairs).ToArray();
        if (pairs.Length == 0) throw new ArgumentException($"Task '{task.Name}' has no reachable held-out pairs to evaluate.");

        var clock = Stopwatch.StartNew();
        long tokens = 0;
        var rows = new List<TemperatureRow>();
        foreach (var temperature in temperatures)
        {
            if (temperature < 0 || double.IsNaN(temperature))
                throw new ArgumentOutOfRangeException(nameof(temperatures), temperature, "Temperatures must be ≥ 0.");
            progress?.Report($"T={temperature:0.##}: sampling {pairs.Length} pairs × {(temperature == 0 ? 1 : samplesPerPair)}");
            var samples = PathEvaluation.Sample(source, task, pairs, (float)temperature, samplesPerPair, seed);
            tokens += samples.Sum(s => s.Completions.Sum(c => (long)c.Length));
            var accuracy = Bootstrap.Estimate([samples], units => units.Average(u => u.Accuracy));
            rows.Add(new TemperatureRow(temperature, samples[0].Scored.Length, accuracy,
                samples.Average(s => s.Fraction(PathOutcome.Misstep)),
                samples.Average(s => s.Fraction(PathOutcome.PlanningFailure)),
                samples.Average(s => s.Fraction(PathOutcome.FormatError)),
                samples.Average(s => s.DistinctValidPaths),
                samples.Average(s => s.DistinctCompletions)));
        }
        return new GraphEvaluationResult(modelDescription, task.Name, pairs.Length, rows, tokens, clock.Elapsed.TotalSeconds, MachineInfo.Current);
    }
}

[JsonSourceGenerationOptions(WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(GraphEvaluationResult))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;
