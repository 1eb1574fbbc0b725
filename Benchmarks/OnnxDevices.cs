using GraphNav.Export.Ort;

namespace GraphNav.Benchmarks;

/// <summary>
/// The ORT devices the Onnx benchmarks run on: <c>cpu</c> unless the environment variable
/// <see cref="Variable"/> lists others (comma-separated, e.g. <c>cpu,cuda:0</c>). BenchmarkDotNet
/// parameters are fixed at compile time, so the choice comes from the environment, which the
/// benchmark child processes inherit.
/// </summary>
public static class OnnxDevices
{
    /// <summary>Environment variable naming the devices.</summary>
    public const string Variable = "GRAPHNAV_BENCH_DEVICE";

    /// <summary>The devices to run, as typed (validated by <see cref="OrtDevice.Parse"/>).</summary>
    public static IEnumerable<string> Values()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text)) return ["cpu"];
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => OrtDevice.Parse(d).ToString()).ToArray();
    }

    /// <summary>Session settings for <paramref name="device"/>, one intra-op thread.</summary>
    public static OrtSessionSettings Settings(string device) => new() { Device = OrtDevice.Parse(device) };
}
