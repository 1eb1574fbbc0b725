namespace GraphNav.Export.Ort;

/// <summary>ORT graph optimization levels (values of GraphOptimizationLevel).</summary>
public enum OrtOptimizationLevel
{
    /// <summary>No graph rewrites.</summary>
    DisableAll = 0,
    /// <summary>Constant folding and redundant-node removal.</summary>
    Basic = 1,
    /// <summary>Basic plus node fusions.</summary>
    Extended = 2,
    /// <summary>Everything, including layout rewrites.</summary>
    All = 99,
}

/// <summary>How to open a session. Defaults: 1 intra-op thread, all optimizations, CPU.</summary>
public sealed record OrtSessionSettings
{
    /// <summary>Threads ORT uses inside one operator (≥ 1). Inter-op is always 1 (sequential execution).</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Graph optimization level.</summary>
    public OrtOptimizationLevel OptimizationLevel { get; init; } = OrtOptimizationLevel.All;

    /// <summary>Execution provider: cpu, cuda[:N] or auto.</summary>
    public OrtDevice Device { get; init; } = OrtDevice.Cpu;

    /// <summary>
    /// Provider options passed through to the CUDA provider as <c>key=value;key=value</c>
    /// (ORT's names, e.g. <c>cudnn_conv_algo_search=HEURISTIC;gpu_mem_limit=2147483648</c>).
    /// Empty for none. With the cpu device they are refused rather than silently ignored.
    /// </summary>
    public string ProviderOptions { get; init; } = "";

    /// <summary><see cref="ProviderOptions"/> as key/value pairs.</summary>
    /// <exception cref="ArgumentException">A pair that is not key=value (the message names it).</exception>
    public IReadOnlyDictionary<string, string> ProviderOptionPairs() => OrtSessionOptionsFactory.ParseProviderOptions(ProviderOptions);

    /// <summary>
    /// Receives warnings such as "CUDA unavailable, using CPU" (said once per process).
    /// Null writes them to Console.Error.
    /// </summary>
    public Action<string>? Warn { get; init; }
}
