using FsCheck;
using FsCheck.Fluent;

namespace GraphNav.Fuzz.Tests;

/// <summary>
/// `graphnav` on hostile input (issue 14), in a child process: mutated ONNX files and engine
/// checkpoints given to `graphnav evaluate`, and boundary values for the numeric options. The
/// answer must be a result (exit 0) or one clear error line (exit 1) — never "internal error"
/// (exit 70), a crash or a hang. ONNX files are covered here, through the CLI, and not by reading
/// them in-process.
/// </summary>
[NonParallelizable]
public class CliFuzzTests
{
    /// <summary>Inputs per format in the default run.</summary>
    public const int Sample = 60;

    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(60);
    private string _dir = "";
    private CliServer.Client? _cli;

    [OneTimeSetUp]
    public void WriteSeeds()
    {
        _dir = Directory.CreateTempSubdirectory("graphnav-cli-fuzz-").FullName;
        _cli = new CliServer.Client();
        // The seeds come from graphnav itself: a 2-step model of the quick Bernoulli task, as a checkpoint and as ONNX.
        Expect(0, "train", "--task", "bernoulli-quick", "--steps", "2", "--batch", "4", "--threads", "1", "--out", Seed("model.safetensors"));
        Expect(0, "export", "--checkpoint", Seed("model.safetensors"), "--out", Seed("model.onnx"));
        Expect(0, "evaluate", Seed("model.onnx"), "--temperatures", "0", "--pairs", "2", "--threads", "1");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _cli?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Seed(string name) => Path.Combine(_dir, name);

    private void Expect(int exit, params string[] args)
    {
        var reply = _cli!.Run(args, TimeSpan.FromMinutes(5));
        Assert.That(reply.Exit, Is.EqualTo(exit), $"graphnav {string.Join(' ', args)}: {reply.Error}");
    }

    /// <summary>Exit 0: accepted; exit 1 with one error line: rejected; anything else fails the property.</summary>
    private Verdict Graphnav(params string[] args)
    {
        var reply = _cli!.Run(args, PerInput);
        if (reply.Exit == 0) return Verdict.Accepted;
        if (reply.Exit == 1 && reply.Error.Length > 0 && !reply.Error.Contains("internal error", StringComparison.Ordinal))
            return Verdict.Rejected;
        throw new InvalidOperationException($"graphnav {string.Join(' ', args)} answered exit {reply.Exit}: {reply.Error}");
    }

    private FuzzTally Onnx(int count, ulong seed)
    {
        var path = Seed("input.onnx");
        return FuzzRunner.Run("ONNX via graphnav evaluate", File.ReadAllBytes(Seed("model.onnx")), count, seed, PerInput, input =>
        {
            File.WriteAllBytes(path, input);
            return Graphnav("evaluate", path, "--temperatures", "0", "--pairs", "2", "--threads", "1");
        });
    }

    private FuzzTally Checkpoint(int count, ulong seed)
    {
        var path = Seed("input.safetensors");
        return FuzzRunner.Run("safetensors via graphnav evaluate", File.ReadAllBytes(Seed("model.safetensors")), count, seed, PerInput, input =>
        {
            File.WriteAllBytes(path, input);
            return Graphnav("evaluate", path, "--temperatures", "0", "--pairs", "2", "--threads", "1");
        });
    }

    /// <summary>
    /// Command lines with boundary values for every numeric option. The valid values are kept small
    /// (at most 3 pairs, a few samples) so that an accepted run finishes well within the per-input
    /// timeout: a slow valid run is not a hang, and the timeout is there to catch hangs.
    /// </summary>
    private Gen<string[]> CommandLines()
    {
        string[] samples = ["0", "-1", "1", "2", "3", "abc", "", "1e8", "100000000", "2147483647", "2147483648", "-2147483648", "10001", "99999999999"];
        string[] pairs = ["1", "2", "3", "abc", "1e8", "2147483648", "-2147483649", ""];
        string[] temperatures = ["0", "0,1", "-1", "NaN", "1e309", "", ",", "0,,2", "∞", "Infinity", "3"];
        string[] rates = ["0", "-1", "1e-3", "NaN", "Infinity", "1e39", "abc", "1e-45"];
        string model = Seed("model.safetensors");
        var evaluate = Gen.Elements(samples).SelectMany(s => Gen.Elements(temperatures), (s, t) => (s, t))
            .SelectMany(_ => Gen.Elements(pairs), (st, p) => (st.s, st.t, p))
            .SelectMany(_ => Gen.Elements(["1", "2", "0", "-4", "64", "65", "2147483647"]), (x, th) =>
                new[] { "evaluate", model, "--samples", x.s, "--temperatures", x.t, "--pairs", x.p == "" ? "2" : x.p, "--threads", th });
        var train = Gen.Elements("0", "-1", "1", "2", "abc", "10000001", "2147483648", "1e8")
            .SelectMany(_ => Gen.Elements("0", "-3", "1", "4", "4097", "2147483647", "x"), (steps, batch) => (steps, batch))
            .SelectMany(_ => Gen.Elements(rates), (x, lr) =>
                new[] { "train", "--task", "bernoulli-quick", "--steps", x.steps, "--batch", x.batch, "--lr", lr, "--threads", "1", "--out", Seed("trained.safetensors") });
        var export = Gen.Elements("0", "1", "3", "-1", "100000001", "2147483647", "1e8", "")
            .SelectMany(_ => Gen.Elements("bernoulli-quick", "lego-b6a", "no-such-task", Seed("model.onnx"), "/dev/zero", ""), (e, task) =>
                new[] { "task", "export", "--task", task, "--examples", e, "--out", Seed("exported") });
        return Gen.Frequency((3, evaluate), (2, train), (1, export));
    }

    private FuzzTally Values(int count, ulong seed) =>
        FuzzRunner.Run("CLI option values", CommandLines(), count, seed, PerInput, args => Graphnav(args));

    [Test] public void Onnx_sample() => Onnx(Sample, 11);
    [Test] public void Checkpoint_sample() => Checkpoint(Sample, 12);
    [Test] public void Option_values_sample() => Values(Sample, 13);

    [Test, Explicit, Category("Fuzz")] public void Onnx_full() => Onnx(ReaderFuzzTests.Full, 111);
    [Test, Explicit, Category("Fuzz")] public void Checkpoint_full() => Checkpoint(ReaderFuzzTests.Full, 112);
    [Test, Explicit, Category("Fuzz")] public void Option_values_full() => Values(ReaderFuzzTests.Full, 113);
}
