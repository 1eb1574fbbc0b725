using GraphNav.Experiments.Caching;

namespace GraphNav.Experiments.Phenomena;

/// <summary>How to run a phenomenon: scale, seeds, threads, where trained models are cached, where
/// progress goes, and optionally an external model to measure instead of training our own.</summary>
/// <param name="Scale">Quick or paper scale.</param>
/// <param name="Seeds">Seeds fixed in advance ({0, 1, 2} at quick scale, docs/PHENOMENA.md §0).</param>
/// <param name="Threads">Engine / ORT threads.</param>
/// <param name="Cache">Trained-model cache.</param>
/// <param name="Progress">Receives progress lines for long work; may be null.</param>
/// <param name="ExternalModel">An .onnx or checkpoint file to measure instead of trained models; null = train.</param>
/// <param name="ExternalTask">Task file for the external model when its metadata has none.</param>
/// <param name="Device">ONNX Runtime device for an external ONNX model (cpu, cuda[:N], auto).</param>
public sealed record PhenomenonContext(
    Scale Scale,
    IReadOnlyList<int> Seeds,
    int Threads,
    ModelCache Cache,
    IProgress<string>? Progress = null,
    string? ExternalModel = null,
    string? ExternalTask = null,
    Export.Ort.OrtDevice? Device = null)
{
    /// <summary>How an external ONNX model's session is opened: <see cref="Threads"/> intra-op threads on <see cref="Device"/> (cpu when null).</summary>
    public Export.Ort.OrtSessionSettings SessionSettings => new() { IntraOpThreads = Threads, Device = Device ?? Export.Ort.OrtDevice.Cpu };

    /// <summary>
    /// The execution provider the run's models use, for the result record: "engine" for models this
    /// process trains or a checkpoint, else the ONNX Runtime provider (cpu, or cuda:N when it loads).
    /// </summary>
    public string ExecutionProvider => ExternalModel is { } path && path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
        ? Export.Ort.OrtProviders.Describe(Device ?? Export.Ort.OrtDevice.Cpu)
        : "engine";

    /// <summary>The seeds docs/PHENOMENA.md §0 fixes for quick scale.</summary>
    public static IReadOnlyList<int> QuickSeeds { get; } = [0, 1, 2];

    /// <summary>Default context: quick scale, seeds {0,1,2}, up to 2 threads, the default cache.</summary>
    public static PhenomenonContext Default(Scale scale = Scale.Quick, IProgress<string>? progress = null) =>
        new(scale, QuickSeeds, Math.Min(2, Environment.ProcessorCount), ModelCache.Default, progress);

    /// <summary>Reports a progress line, if anyone listens.</summary>
    public void Say(string line) => Progress?.Report(line);
}
