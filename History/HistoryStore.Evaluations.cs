using GraphNav.Experiments.Graph;

namespace GraphNav.History;

/// <summary>A <c>graphnav evaluate</c> result as stored.</summary>
/// <param name="RunId">Run id.</param>
/// <param name="Started">When the run started.</param>
/// <param name="MachineId">Machine id.</param>
/// <param name="Machine">Machine label.</param>
/// <param name="Model">Model description.</param>
/// <param name="Task">Task name.</param>
/// <param name="GeneratedTokens">Tokens generated.</param>
/// <param name="Seconds">Wall time of generation and scoring.</param>
public sealed record HistoryEvaluation(long RunId, DateTimeOffset Started, long MachineId, string Machine, string Model, string Task,
    long GeneratedTokens, double Seconds)
{
    /// <summary>Generated tokens per second of wall time (generation and scoring).</summary>
    public double TokensPerSecond => Seconds > 0 ? GeneratedTokens / Seconds : double.NaN;
}

/// <summary>The store's <c>graphnav evaluate</c> results.</summary>
public sealed partial class HistoryStore
{
    /// <summary>Appends one <c>graphnav evaluate</c> result (each temperature's rates and diversity) to <paramref name="run"/>.</summary>
    public long Append(RunContext run, GraphEvaluationResult evaluation)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(evaluation);
        return Write(transaction =>
        {
            long runId = EnsureRun(run, transaction);
            long id = Insert(transaction, """
                INSERT INTO evaluations(run_id, model, task, pairs, generated_tokens, seconds, record_json)
                VALUES ($run, $model, $task, $pairs, $tokens, $seconds, $json) RETURNING id
                """,
                ("$run", runId), ("$model", evaluation.Model), ("$task", evaluation.Task), ("$pairs", evaluation.Pairs),
                ("$tokens", evaluation.GeneratedTokens), ("$seconds", evaluation.Seconds), ("$json", evaluation.ToJson()));
            foreach (var row in evaluation.Rows)
                Insert(transaction, """
                    INSERT OR REPLACE INTO evaluation_rows(evaluation_id, temperature, samples_per_pair, accuracy, accuracy_low, accuracy_high,
                                                          misstep, planning_failure, format_error, distinct_valid_paths, distinct_completions)
                    VALUES ($id, $t, $samples, $accuracy, $low, $high, $misstep, $planning, $format, $distinct, $completions)
                    """,
                    ("$id", id), ("$t", row.Temperature), ("$samples", row.SamplesPerPair), ("$accuracy", Finite(row.Accuracy.Mean)),
                    ("$low", Finite(row.Accuracy.Low)), ("$high", Finite(row.Accuracy.High)), ("$misstep", Finite(row.Misstep)),
                    ("$planning", Finite(row.PlanningFailure)), ("$format", Finite(row.FormatError)),
                    ("$distinct", Finite(row.DistinctValidPaths)), ("$completions", Finite(row.DistinctCompletions)));
            return runId;
        });
    }

    /// <summary>Every stored evaluation, oldest run first.</summary>
    public IReadOnlyList<HistoryEvaluation> Evaluations()
    {
        using var command = Command("""
            SELECT e.run_id, r.started, m.id, m.cpu, m.cores, m.simd_bits, e.model, e.task, e.generated_tokens, e.seconds
            FROM evaluations e JOIN runs r ON r.id = e.run_id JOIN machines m ON m.id = r.machine_id
            ORDER BY r.started, r.id, e.id
            """, null);
        using var reader = command.ExecuteReader();
        var list = new List<HistoryEvaluation>();
        while (reader.Read())
            list.Add(new HistoryEvaluation(reader.GetInt64(0), Time(reader.GetString(1)), reader.GetInt64(2),
                $"{reader.GetString(3)}, {reader.GetInt32(4)} cores, {reader.GetInt32(5)}-bit SIMD",
                reader.GetString(6), reader.GetString(7), reader.GetInt64(8), reader.GetDouble(9)));
        return list;
    }
}
