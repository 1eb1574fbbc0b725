using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace GraphNav.Fuzz.Tests;

/// <summary>What a reader did with one mutated input.</summary>
public enum Verdict
{
    /// <summary>Read without error (the mutation kept the input valid, or did not matter).</summary>
    Accepted,

    /// <summary>Refused with a documented user error (one clear message).</summary>
    Rejected,
}

/// <summary>Counts of one fuzz run, printed by the tests and quoted in the README.</summary>
public sealed class FuzzTally
{
    private int _accepted, _rejected;

    /// <summary>Inputs read successfully.</summary>
    public int Accepted => _accepted;

    /// <summary>Inputs refused with a documented user error.</summary>
    public int Rejected => _rejected;

    /// <summary>All inputs tried (a crash, hang or undocumented exception fails the run at once).</summary>
    public int Tried => _accepted + _rejected;

    /// <summary>Adds one outcome.</summary>
    public void Count(Verdict verdict)
    {
        if (verdict == Verdict.Accepted) Interlocked.Increment(ref _accepted);
        else Interlocked.Increment(ref _rejected);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Tried} inputs: {Accepted} accepted, {Rejected} rejected with a clear error, 0 crashes, 0 hangs";
}

/// <summary>
/// Runs an FsCheck property over mutated copies of a valid seed input: the property holds when the
/// reader accepts the input or refuses it with a documented error within the per-input timeout.
/// Any other exception, or a hang, falsifies it, and FsCheck shrinks the mutations to a minimal one.
/// Seeded (FsCheck replay), so a run is repeatable.
/// </summary>
public static class FuzzRunner
{
    /// <summary>
    /// Tries <paramref name="count"/> mutations of <paramref name="seed"/> with <paramref name="check"/>,
    /// which writes the input where its reader expects it, reads it, and returns the verdict (or
    /// throws for a fuzz failure). Returns the tally; throws (failing the test) on the first failure.
    /// </summary>
    public static FuzzTally Run(string format, byte[] seed, int count, ulong replaySeed, TimeSpan perInput, Func<byte[], Verdict> check)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(check);
        return Run(format, Mutation.Edits(seed.Length), count, replaySeed, perInput, edits => check(Mutation.ApplyAll(seed, edits)));
    }

    /// <summary>The same over generated cases of any kind (e.g. command lines).</summary>
    public static FuzzTally Run<T>(string format, Gen<T> cases, int count, ulong replaySeed, TimeSpan perInput, Func<T, Verdict> check)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(check);
        var tally = new FuzzTally();
        var clock = Stopwatch.StartNew();
        var property = Prop.ForAll(cases.ToArbitrary(), input => tally.Count(WithTimeout(() => check(input), perInput, input)));
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(count)
            .WithQuietOnSuccess(true)
            .WithReplay(replaySeed, 0x9E3779B97F4A7C15UL)
            .WithEndSize(count);
        property.Check(config);
        TestContext.Out.WriteLine($"fuzz {format}: {tally} in {clock.Elapsed.TotalSeconds:F1} s (replay seed {replaySeed})");
        return tally;
    }

    private static Verdict WithTimeout<T>(Func<Verdict> check, TimeSpan timeout, T input)
    {
        var task = Task.Run(check);
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(timeout))
            throw new TimeoutException($"the reader hung (> {timeout.TotalSeconds:F0} s) on the input {Describe(input)}");
        return task.GetAwaiter().GetResult();
    }

    private static string Describe<T>(T input) => input is System.Collections.IEnumerable items and not string
        ? "[" + string.Join(", ", items.Cast<object>()) + "]"
        : input?.ToString() ?? "null";

    /// <summary>Runs <paramref name="read"/>: Accepted when it returns, Rejected for the documented user-error
    /// types; anything else propagates and fails the property.</summary>
    public static Verdict Classify(Action read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            read();
            return Verdict.Accepted;
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            if (e.Message.Contains('\n', StringComparison.Ordinal) || e.Message.Length == 0)
                throw new InvalidOperationException($"the error is not one clear line: '{e.Message}'", e);
            return Verdict.Rejected;
        }
    }
}
