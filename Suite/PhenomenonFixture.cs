using System.Globalization;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;

namespace GraphNav.Suite;

/// <summary>
/// What every phenomenon fixture does: build the run context (scale, seeds, threads, and an external
/// model when the run was given one), run the phenomenon, print each measurement with its interval
/// beside the bar, write the JSON result record, and turn the verdict into Pass, Fail or Inconclusive.
/// </summary>
/// <remarks>
/// Run parameters (e.g. <c>dotnet test Suite -- 'TestRunParameters.Parameter(name="Model",value="m.onnx")'</c>):
/// <c>Model</c> (an .onnx or .safetensors file to measure instead of training), <c>Task</c> (its
/// task file when the model's metadata has none), <c>Threads</c>, <c>Device</c> (ONNX Runtime device
/// for an .onnx Model: cpu (default), auto, cuda or cuda:N), <c>Results</c> (folder for the JSON
/// records; default TestResults/phenomena at the repository root), <c>Backend</c> (the library that
/// trains the suite's models: engine, the default, or torch / torch:cuda, see TrainingBackendParameter),
/// <c>Shard</c> (i/n: run only this shard's (phenomenon, seed) work, <see cref="Experiments.Sharding.Shard"/>;
/// records go to a subfolder shard-i-of-n, and <c>graphnav compare</c> merges the shards' folders).
/// <c>History</c> (the results history file; default $GRAPHNAV_HISTORY or the cache folder's history.sqlite).
/// <c>LegoScale</c> (the B fixtures' paper scale: cpu, the default, or exact — BERT-base and the official
/// schedule, PaperLegoModels.ExactRecipe — which needs Backend=torch:cuda).
/// <c>dotnet test Suite -p:GraphNavModel=m.onnx</c> (and GraphNavTask, GraphNavDevice, GraphNavShard,
/// GraphNavResults) sets the same parameters from MSBuild properties (GraphNav.Suite.csproj).
/// </remarks>
public abstract class PhenomenonFixture(Scale scale)
{
    /// <summary>Scale of this fixture instance.</summary>
    protected Scale Scale { get; } = scale;

    /// <summary>Runs <paramref name="phenomenon"/> and asserts its verdict.</summary>
    protected void Verify(IPhenomenon phenomenon)
    {
        ArgumentNullException.ThrowIfNull(phenomenon);
        var parameters = TestContext.Parameters;
        int threads = parameters.Get("Threads", Math.Min(2, Environment.ProcessorCount));
        var externalModel = NullIfEmpty(parameters.Get("Model", ""));
        // Plans made by the phenomenon take the current backend (and name it in their cache keys).
        Experiments.Training.TrainingBackend.Current = TrainingBackendParameter.Parse(parameters.Get("Backend", "engine"));
        Experiments.Lego.PaperLegoModels.Current = Experiments.Lego.PaperLegoModels.ParseScale(parameters.Get("LegoScale", "cpu"), Experiments.Training.TrainingBackend.Current);
        var shard = ShardParameter(parameters.Get("Shard", ""));
        var context = PhenomenonContext.Default(Scale, new Experiments.InlineProgress<string>(line => TestContext.Progress.WriteLine(line))) with
        {
            Threads = threads,
            ExternalModel = externalModel,
            ExternalTask = NullIfEmpty(parameters.Get("Task", "")),
            Device = DeviceParameter(parameters.Get("Device", "cpu")),
            // An external model is one model: it is measured once, as "seed" 0.
            Seeds = externalModel is null ? PhenomenonContext.QuickSeeds : [0],
        };
        if (shard is not null)
        {
            // Every machine of a matrix deals the same list: the registry's phenomena that run at this scale.
            var mine = shard.Select(ShardedPhenomena(Scale), context.Seeds).FirstOrDefault(w => w.Phenomenon.Id == phenomenon.Id).Seeds;
            if (mine is null) Assert.Ignore($"{phenomenon.Id} has no seed in shard {shard}");
            context = context with { Seeds = mine };
        }

        var result = PhenomenonRunner.Run(phenomenon, context);

        TestContext.Out.WriteLine($"{result.Phenomenon} {result.Title} ({ScaleNames.Of(result.Scale)} scale, seeds {string.Join(",", result.Seeds)}, {result.Seconds:F0} s, on {result.ExecutionProvider})");
        TestContext.Out.WriteLine($"  claim: {phenomenon.Claim}");
        foreach (var m in result.Measurements)
            TestContext.Out.WriteLine($"  {m.Label}: {m.Format()}");
        TestContext.Out.WriteLine($"  bar: {result.Bar}");
        TestContext.Out.WriteLine($"  verdict: {result.Verdict} — {result.Reason}");
        var folder = ResultsFolder();
        if (shard is not null) folder = Path.Combine(folder, $"shard-{shard.Index}-of-{shard.Count}");
        var path = result.WriteTo(folder);
        TestContext.Out.WriteLine($"  record: {path}");
        // The results history (issue #20): an unwritable location only warns; a damaged file fails the test.
        if (History.HistoryHook.Append(result, "suite", Experiments.Training.TrainingBackend.Current.Name, TestContext.Out,
                NullIfEmpty(parameters.Get("History", ""))) is { } historyPath)
            TestContext.Out.WriteLine($"  history: {historyPath}");

        switch (result.Verdict)
        {
            case Verdict.Pass:
                Assert.Pass($"{result.Phenomenon}: {result.Reason}");
                break;
            case Verdict.Inconclusive:
                Assert.Inconclusive($"{result.Phenomenon}: {result.Reason}");
                break;
            default:
                Assert.Fail($"{result.Phenomenon}: {result.Reason}");
                break;
        }
    }

    /// <summary>The Device run parameter; a bad value fails the fixture with one line naming the parameter.</summary>
    private static Export.Ort.OrtDevice DeviceParameter(string value)
    {
        try
        {
            return Export.Ort.OrtDevice.Parse(value);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"run parameter Device: {e.Message}", e);
        }
    }

    /// <summary>The Shard run parameter ("i/n"), null when absent; a bad value fails in one line naming the parameter.</summary>
    private static Experiments.Sharding.Shard? ShardParameter(string value) =>
        string.IsNullOrWhiteSpace(value) ? null : Experiments.Sharding.Shard.Parse(value.Trim(), "run parameter Shard");

    /// <summary>The phenomena a sharded run deals out at <paramref name="scale"/>: at quick scale those of the default run, at paper scale all.</summary>
    private static IReadOnlyList<IPhenomenon> ShardedPhenomena(Scale scale) =>
        [.. PhenomenonRegistry.All.Where(e => scale != Scale.Quick || e.QuickScale).Select(e => e.Phenomenon)];

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string ResultsFolder()
    {
        var configured = TestContext.Parameters.Get("Results", "");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        // The repository root is the first ancestor holding GraphNav.sln; fall back to the test folder.
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GraphNav.sln"))) return Path.Combine(dir.FullName, "TestResults", "phenomena");
        return Path.Combine(TestContext.CurrentContext.TestDirectory, "phenomena");
    }
}
