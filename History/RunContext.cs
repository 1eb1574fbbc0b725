using System.Reflection;
using GraphNav.Models;

namespace GraphNav.History;

/// <summary>What a run is and what produced it: one row of the history's runs table.</summary>
/// <param name="Kind">"suite" (dotnet test), "evaluate" (graphnav evaluate) or "benchmark" (an imported BenchmarkDotNet report).</param>
/// <param name="RunKey">Identifies the run: every result one process appends under the same key belongs to one run.</param>
/// <param name="Started">When the run started.</param>
/// <param name="Machine">Hardware fingerprint.</param>
/// <param name="Host">Machine name.</param>
/// <param name="DotNet">.NET runtime description.</param>
/// <param name="EngineVersion">GraphNav engine version (<see cref="EngineInfo.Version"/>).</param>
/// <param name="GitCommit">Commit, when known.</param>
/// <param name="OrtVersion">ONNX Runtime package version.</param>
/// <param name="ExecutionProvider">Where models ran: "engine", "cpu", "cuda:N".</param>
/// <param name="Backend">Training backend: "engine", "torch", "torch:cuda".</param>
/// <param name="Threads">Engine / ORT threads.</param>
/// <param name="Source">Where the numbers came from (a file name for imports; null otherwise).</param>
public sealed record RunContext(
    string Kind,
    string RunKey,
    DateTimeOffset Started,
    MachineFingerprint Machine,
    string Host,
    string DotNet,
    string EngineVersion,
    string? GitCommit,
    string OrtVersion,
    string ExecutionProvider,
    string Backend,
    int Threads,
    string? Source = null)
{
    /// <summary>Kinds of run the history knows.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["suite", "evaluate", "benchmark"];

    /// <summary>The run of this process: one key for the process's lifetime, so a suite's phenomena share one run.</summary>
    public static RunContext ThisProcess(string kind, string executionProvider, string backend, int threads, string? source = null) => new(
        kind,
        ProcessRunKey,
        ProcessStarted,
        MachineFingerprint.Current,
        Environment.MachineName,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        EngineInfo.Version,
        History.GitCommit.Current,
        OnnxRuntimeVersion,
        executionProvider,
        backend,
        threads,
        source);

    private static readonly string ProcessRunKey = Guid.NewGuid().ToString("N");
    private static readonly DateTimeOffset ProcessStarted = DateTimeOffset.UtcNow;

    /// <summary>The ONNX Runtime managed package's version (read from its assembly; no native load).</summary>
    public static string OnnxRuntimeVersion { get; } =
        typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
